import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import type { User } from "../../../../schema/api";
import { ROOM_DESCRIPTION_MAX, ROOM_TITLE_MAX } from "../../../../schema/rules";
import { createRoom } from "../../api";
import { t } from "../../i18n";
import { createSubmission } from "../../state/form";
import { upsertRoom } from "../../state/rooms";
import { navigate, roomPath } from "../../state/router";
import { Field } from "../Field";
import { FormAlert } from "../FormAlert";
import { ChoiceGroup } from "../screens/ChoiceGroup";
import { Panel } from "../screens/Panel";
import { PeopleSearch } from "../screens/PeopleSearch";
import { TextAreaField } from "../screens/TextAreaField";
import { MemberChips } from "./MemberChips";

type Kind = "group" | "channel";

/** A new group or channel: its kind, title, description and first members. */
export function NewRoomForm() {
  const kind = useSignal<Kind>("group");
  const title = useSignal("");
  const description = useSignal("");
  const members = useSignal<readonly User[]>([]);
  const form = useMemo(() => createSubmission(["kind", "title", "description", "member_ids"]), []);
  const chosen = new Set(members.value.map((user) => user.id));
  const membersError = form.fieldErrors.value.member_ids;

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const text = description.value.trim();
    void form.submit(async () => {
      const room = await createRoom({
        kind: kind.value,
        title: title.value.trim(),
        ...(text ? { description: text } : {}),
        member_ids: members.value.map((user) => user.id),
      });
      upsertRoom(room);
      navigate(roomPath(room.id));
    });
  };

  const choices = [
    { value: "group", label: t("newChat.room.group"), description: t("newChat.room.groupHint") },
    { value: "channel", label: t("newChat.room.channel"), description: t("newChat.room.channelHint") },
  ] as const;

  return (
    <Panel title={t("newChat.room.title")} lead={t("newChat.room.lead")}>
      <form class="form" onSubmit={onSubmit} noValidate>
        <ChoiceGroup legend={t("newChat.room.kind")} choices={choices} value={kind.value} onChange={(next) => (kind.value = next)} />
        <Field form={form} name="title" label={t("newChat.room.name")} value={title} autocomplete="off" maxLength={ROOM_TITLE_MAX} />
        <TextAreaField
          form={form}
          name="description"
          label={t("newChat.room.description")}
          value={description}
          maxLength={ROOM_DESCRIPTION_MAX}
          optional
        />
        <fieldset class="member-picker" aria-describedby={membersError ? "member-ids-error" : undefined}>
          <legend>{t("newChat.room.members")}</legend>
          <MemberChips people={members.value} onRemove={(user) => (members.value = members.value.filter((m) => m.id !== user.id))} />
          <PeopleSearch
            label={t("newChat.room.addPeople")}
            exclude={chosen}
            action={t("newChat.room.add")}
            onChoose={(user) => {
              members.value = [...members.value, user];
              form.clearFieldError("member_ids");
            }}
            clearOnChoose
          />
          {membersError && (
            <p id="member-ids-error" class="field-error">
              <span aria-hidden="true">⚠ </span>
              {`${t("newChat.room.members")}: ${membersError}`}
            </p>
          )}
        </fieldset>
        <FormAlert message={form.alert} />
        <button type="submit" class="button button-primary" disabled={form.pending.value}>
          {form.pending.value ? t("newChat.room.creating") : kind.value === "group" ? t("newChat.room.createGroup") : t("newChat.room.createChannel")}
        </button>
      </form>
    </Panel>
  );
}
