import { useSignal } from "@preact/signals";
import type { User } from "../../../../schema/api";
import { addMember } from "../../api";
import { t } from "../../i18n";
import { describe } from "../../state/form";
import { FormAlert } from "../FormAlert";
import { PeopleSearch } from "../screens/PeopleSearch";

interface AddMemberProps {
  roomId: string;
  memberIds: ReadonlySet<string>;
  onAdded: () => Promise<void>;
}

/** Finds someone who is not in the room yet and adds them. */
export function AddMember({ roomId, memberIds, onAdded }: AddMemberProps) {
  const pending = useSignal(false);
  const problem = useSignal<string | null>(null);
  const added = useSignal<string | null>(null);

  const add = async (user: User) => {
    pending.value = true;
    problem.value = null;
    added.value = null;
    try {
      await addMember(roomId, { user_id: user.id });
      await onAdded();
      added.value = t("details.members.added", { name: user.display_name });
    } catch (error) {
      problem.value = describe(error);
    } finally {
      pending.value = false;
    }
  };

  return (
    <div class="add-member">
      <PeopleSearch
        label={t("details.members.addLabel")}
        exclude={memberIds}
        action={t("details.members.add")}
        onChoose={(user) => void add(user)}
        clearOnChoose
        disabled={pending.value}
      />
      <p class="form-status" role="status">
        {added.value ?? ""}
      </p>
      <FormAlert message={problem} />
    </div>
  );
}
