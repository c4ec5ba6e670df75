import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import { PASSWORD_MAX } from "../../../../schema/rules";
import { ApiError, deleteMe } from "../../api";
import { t } from "../../i18n";
import { createSubmission } from "../../state/form";
import { sessionEndedByServer } from "../../state/session";
import { Field } from "../Field";
import { FormAlert } from "../FormAlert";
import { Dialog } from "../screens/Dialog";
import { Panel } from "../screens/Panel";

/** The danger zone: deleting the account for good, confirmed with the password. */
export function DeleteAccount() {
  const open = useSignal(false);
  const password = useSignal("");
  const form = useMemo(() => createSubmission(["password"]), []);

  const close = () => {
    open.value = false;
    password.value = "";
  };

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void form.submit(async () => {
      try {
        await deleteMe(password.value);
      } catch (error) {
        // The server's wording is sign-in's ("username or password"); here only the password can be wrong.
        if (error instanceof ApiError && error.code === "invalid_credentials") {
          throw new ApiError(error.status, error.code, error.message, [{ field: "password", message: t("settings.delete.wrongPassword") }]);
        }
        throw error;
      }
      // The server has already ended every session, this one included: only this
      // browser's copy of the account is left to clear.
      sessionEndedByServer();
    });
  };

  return (
    <Panel title={t("settings.delete.title")} lead={t("settings.delete.lead")} tone="danger">
      <div>
        <button type="button" class="button button-danger" onClick={() => (open.value = true)}>
          {t("settings.delete.open")}
        </button>
      </div>
      <Dialog open={open.value} title={t("settings.delete.confirmTitle")} onClose={close}>
        <form class="form" onSubmit={onSubmit} noValidate>
          <p>{t("settings.delete.confirmLead")}</p>
          <Field
            form={form}
            name="password"
            label={t("settings.delete.password")}
            type="password"
            value={password}
            autocomplete="current-password"
            maxLength={PASSWORD_MAX}
          />
          <FormAlert message={form.alert} />
          <div class="dialog-actions">
            <button type="button" class="button button-quiet" onClick={close}>
              {t("common.cancel")}
            </button>
            <button type="submit" class="button button-danger" disabled={form.pending.value || password.value === ""}>
              {form.pending.value ? t("settings.delete.deleting") : t("settings.delete.confirm")}
            </button>
          </div>
        </form>
      </Dialog>
    </Panel>
  );
}
