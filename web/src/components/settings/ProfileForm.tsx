import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import type { User } from "../../../../schema/api";
import { BIO_MAX, DISPLAY_NAME_MAX } from "../../../../schema/rules";
import { updateMe } from "../../api";
import { t } from "../../i18n";
import { createSubmission } from "../../state/form";
import { updateCurrentUser } from "../../state/session";
import { Field } from "../Field";
import { FormAlert } from "../FormAlert";
import { Avatar } from "../Avatar";
import { AvatarChooser } from "../screens/AvatarChooser";
import { Panel } from "../screens/Panel";
import { TextAreaField } from "../screens/TextAreaField";

/** Display name and bio, as the people you talk to see them. */
export function ProfileForm({ user }: { user: User }) {
  const displayName = useSignal(user.display_name);
  const bio = useSignal(user.bio);
  const saved = useSignal(false);
  const form = useMemo(() => createSubmission(["display_name", "bio"]), []);

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    saved.value = false;
    void form.submit(async () => {
      const updated = await updateMe({ display_name: displayName.value.trim(), bio: bio.value.trim() });
      updateCurrentUser(updated);
      displayName.value = updated.display_name;
      bio.value = updated.bio;
      saved.value = true;
    });
  };

  return (
    <Panel title={t("settings.profile.title")} lead={t("settings.profile.lead")}>
      <div class="profile-identity">
        <Avatar id={user.id} name={user.display_name} url={user.avatar_url} size="large" />
        <div>
          <p class="profile-name">{user.display_name}</p>
          <p class="profile-handle">@{user.username}</p>
        </div>
      </div>
      <AvatarChooser
        hasPicture={user.avatar_url !== null}
        save={async (uploadId) => updateCurrentUser(await updateMe({ avatar_upload_id: uploadId }))}
      />
      <form class="form" onSubmit={onSubmit} noValidate>
        <Field
          form={form}
          name="display_name"
          label={t("settings.profile.displayName")}
          value={displayName}
          autocomplete="name"
          maxLength={DISPLAY_NAME_MAX}
        />
        <TextAreaField form={form} name="bio" label={t("settings.profile.bio")} value={bio} maxLength={BIO_MAX} optional />
        <FormAlert message={form.alert} />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={form.pending.value}>
            {form.pending.value ? t("settings.profile.saving") : t("settings.profile.save")}
          </button>
          <p class="form-status" role="status">
            {saved.value ? t("settings.profile.saved") : ""}
          </p>
        </div>
      </form>
    </Panel>
  );
}
