import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import type { Room } from "../../../../schema/rooms";
import { ROOM_DESCRIPTION_MAX, ROOM_TITLE_MAX } from "../../../../schema/rules";
import { updateRoom } from "../../api";
import { t } from "../../i18n";
import { createSubmission } from "../../state/form";
import { Field } from "../Field";
import { FormAlert } from "../FormAlert";
import { Panel } from "../screens/Panel";
import { TextAreaField } from "../screens/TextAreaField";

interface EditDetailsFormProps {
  room: Room;
  onSaved: (room: Room) => void;
}

/** The room's title and description, for its owner and admins. */
export function EditDetailsForm({ room, onSaved }: EditDetailsFormProps) {
  const title = useSignal(room.title);
  const description = useSignal(room.description);
  const saved = useSignal(false);
  const form = useMemo(() => createSubmission(["title", "description"]), []);

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    saved.value = false;
    void form.submit(async () => {
      const updated = await updateRoom(room.id, { title: title.value.trim(), description: description.value.trim() });
      title.value = updated.title;
      description.value = updated.description;
      onSaved(updated);
      saved.value = true;
    });
  };

  return (
    <Panel title={t("details.edit.title")}>
      <form class="form" onSubmit={onSubmit} noValidate>
        <Field form={form} name="title" label={t("details.edit.name")} value={title} autocomplete="off" maxLength={ROOM_TITLE_MAX} />
        <TextAreaField
          form={form}
          name="description"
          label={t("details.edit.description")}
          value={description}
          maxLength={ROOM_DESCRIPTION_MAX}
          optional
        />
        <FormAlert message={form.alert} />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={form.pending.value}>
            {form.pending.value ? t("details.edit.saving") : t("details.edit.save")}
          </button>
          <p class="form-status" role="status">
            {saved.value ? t("details.edit.saved") : ""}
          </p>
        </div>
      </form>
    </Panel>
  );
}
