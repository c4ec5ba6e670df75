import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import type { Room } from "../../../../schema/rooms";
import { ROOM_DESCRIPTION_MAX, ROOM_TITLE_MAX } from "../../../../schema/rules";
import { updateRoom } from "../../api";
import { t } from "../../i18n";
import { createSubmission } from "../../state/form";
import { Field } from "../Field";
import { FormAlert } from "../FormAlert";
import { Avatar } from "../Avatar";
import { AvatarChooser } from "../screens/AvatarChooser";
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
      <div class="profile-identity">
        <Avatar id={room.id} name={room.title} url={room.avatar_url} size="large" />
        <div>
          <p class="profile-name">{t("avatar.title")}</p>
          <p class="muted">{t("avatar.roomLead")}</p>
        </div>
      </div>
      <AvatarChooser hasPicture={room.avatar_url !== null} save={async (uploadId) => onSaved(await updateRoom(room.id, { avatar_upload_id: uploadId }))} />
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
