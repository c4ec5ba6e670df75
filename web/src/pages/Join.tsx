import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { InvitePreview } from "../../../schema/rooms";
import { ApiError, joinInvite, previewInvite } from "../api";
import { FormAlert } from "../components/FormAlert";
import { PageHeading } from "../components/PageHeading";
import { t } from "../i18n";
import { describe } from "../state/form";
import { upsertRoom } from "../state/rooms";
import { joinPath, navigate, returnAfterSignIn, roomPath } from "../state/router";
import { sessionStatus } from "../state/session";
import "../styles/screens.css";

type Preview = { kind: "loading" } | { kind: "ready"; room: InvitePreview["room"] } | { kind: "gone" } | { kind: "failed"; message: string };

/** An invite link's landing page: what it leads to, for anyone, and joining, for members of the server. */
export function Join({ token }: { token: string }) {
  const preview = useSignal<Preview>({ kind: "loading" });
  const joining = useSignal(false);
  const problem = useSignal<string | null>(null);

  const load = async () => {
    try {
      preview.value = { kind: "ready", room: (await previewInvite(token)).room };
    } catch (error) {
      // 400: a token of the wrong shape is no invite either.
      const gone = error instanceof ApiError && (error.status === 404 || error.status === 400);
      preview.value = gone ? { kind: "gone" } : { kind: "failed", message: describe(error) };
    }
  };

  useEffect(() => {
    preview.value = { kind: "loading" };
    void load();
  }, [token]);

  const join = async () => {
    joining.value = true;
    problem.value = null;
    try {
      const room = await joinInvite(token);
      upsertRoom(room);
      navigate(roomPath(room.id), { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) preview.value = { kind: "gone" };
      else problem.value = describe(error);
      joining.value = false;
    }
  };

  const toAccount = (path: "/signin" | "/signup") => {
    returnAfterSignIn(joinPath(token));
    navigate(path);
  };

  const state = preview.value;
  return (
    <div class="join">
      <header class="join-brand">
        <img src="/icons/icon.svg" alt="" width={40} height={40} />
        <span>{t("app.name")}</span>
      </header>
      <main class="join-card">
        {state.kind === "loading" && (
          <>
            <PageHeading>{t("join.title")}</PageHeading>
            <p class="muted" role="status">
              {t("join.loading")}
            </p>
          </>
        )}
        {state.kind === "gone" && (
          <>
            <PageHeading>{t("join.goneTitle")}</PageHeading>
            <p>{t("join.gone")}</p>
          </>
        )}
        {state.kind === "failed" && (
          <>
            <PageHeading>{t("join.title")}</PageHeading>
            <div class="notice" role="alert">
              <p>{state.message}</p>
              <button type="button" class="button button-quiet button-small" onClick={() => void load()}>
                {t("common.retry")}
              </button>
            </div>
          </>
        )}
        {state.kind === "ready" && (
          <>
            <p class="join-kicker">{t(state.room.kind === "channel" ? "join.invitedChannel" : "join.invitedGroup")}</p>
            <PageHeading>{state.room.title}</PageHeading>
            <p class="muted">
              {t(state.room.kind === "channel" ? "details.kind.channel" : "details.kind.group")}
              {" · "}
              {state.room.member_count === 1 ? t("details.memberCountOne") : t("details.memberCount", { count: state.room.member_count })}
            </p>
            {sessionStatus.value === "signed-in" ? (
              <div class="join-actions">
                <FormAlert message={problem} />
                <button type="button" class="button button-primary button-block" disabled={joining.value} onClick={() => void join()}>
                  {joining.value ? t("join.joining") : t(state.room.kind === "channel" ? "join.joinChannel" : "join.joinGroup")}
                </button>
              </div>
            ) : (
              <div class="join-actions">
                <p>{t("join.signedOut")}</p>
                <button type="button" class="button button-primary button-block" onClick={() => toAccount("/signin")}>
                  {t("join.signIn")}
                </button>
                <button type="button" class="button button-quiet button-block" onClick={() => toAccount("/signup")}>
                  {t("join.signUp")}
                </button>
              </div>
            )}
          </>
        )}
      </main>
    </div>
  );
}
