import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { Session } from "../../../../schema/api";
import { revokeSession, sessions as listSessions } from "../../api";
import { t } from "../../i18n";
import { describe } from "../../state/form";
import { signOut } from "../../state/session";
import { FormAlert } from "../FormAlert";
import { DateTime } from "../screens/DateTime";
import { Panel } from "../screens/Panel";

/** Where this account is signed in, with a way to end any of those sessions. */
export function DeviceSessions() {
  const list = useSignal<Session[] | null>(null);
  const busy = useSignal<string | null>(null);
  const problem = useSignal<string | null>(null);

  const load = async () => {
    try {
      list.value = await listSessions();
    } catch (error) {
      problem.value = describe(error);
    }
  };

  useEffect(() => {
    void load();
  }, []);

  const revoke = async (session: Session) => {
    busy.value = session.id;
    problem.value = null;
    try {
      await revokeSession(session.id);
      list.value = (list.peek() ?? []).filter((s) => s.id !== session.id);
    } catch (error) {
      problem.value = describe(error);
    } finally {
      busy.value = null;
    }
  };

  const onSignOut = async () => {
    busy.value = "this";
    problem.value = null;
    try {
      await signOut();
    } catch (error) {
      problem.value = t("settings.sessions.stillSignedIn", { reason: describe(error) });
      busy.value = null;
    }
  };

  const sessions = list.value;
  return (
    <Panel title={t("settings.sessions.title")} lead={t("settings.sessions.lead")}>
      <FormAlert message={problem} />
      {sessions === null ? (
        <p class="muted" role="status">
          {problem.value ? "" : t("settings.sessions.loading")}
        </p>
      ) : (
        <ul class="session-list">
          {sessions.map((session) => (
            <li key={session.id} class="session">
              <div class="session-text">
                <p class="session-device">
                  {session.device_name}
                  {session.current && <span class="badge">{t("settings.sessions.thisDevice")}</span>}
                </p>
                <p class="session-times">
                  {t("settings.sessions.signedIn")} <DateTime iso={session.created_at} />
                  {" · "}
                  {t("settings.sessions.lastSeen")} <DateTime iso={session.last_seen_at} />
                </p>
              </div>
              {session.current ? (
                <button type="button" class="button button-quiet button-small" onClick={onSignOut} disabled={busy.value !== null}>
                  {busy.value === "this" ? t("settings.sessions.signingOut") : t("settings.sessions.signOut")}
                </button>
              ) : (
                <button
                  type="button"
                  class="button button-quiet button-small"
                  onClick={() => void revoke(session)}
                  disabled={busy.value !== null}
                  aria-label={t("settings.sessions.revokeNamed", { device: session.device_name })}
                >
                  {busy.value === session.id ? t("settings.sessions.revoking") : t("settings.sessions.revoke")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
