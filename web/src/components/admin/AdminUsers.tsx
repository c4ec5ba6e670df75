import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { AdminUser } from "../../../../schema/admin";
import { tAdmin } from "../../i18n/admin";
import { actOnUser, findUsers, userQuery, userResults, usersLoading, usersProblem, type UserAction } from "../../state/admin";
import { currentUser } from "../../state/session";
import { Avatar } from "../Avatar";
import { DateTime } from "../screens/DateTime";
import { Panel } from "../screens/Panel";
import { ConfirmDialog, type Confirmation } from "./ConfirmDialog";

const SEARCH_PAUSE_MS = 250;

/** Finding accounts and acting on them: block, unblock, delete, administrator rights. */
export function AdminUsers() {
  const confirmation = useSignal<Confirmation | null>(null);
  const pause = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    void findUsers();
    return () => clearTimeout(pause.current);
  }, []);

  const onInput = (event: Event) => {
    userQuery.value = (event.currentTarget as HTMLInputElement).value;
    clearTimeout(pause.current);
    pause.current = setTimeout(() => void findUsers(), SEARCH_PAUSE_MS);
  };

  const ask = (user: AdminUser, action: UserAction) => {
    const name = user.display_name;
    const prompts: Record<UserAction, Omit<Confirmation, "action">> = {
      block: { title: tAdmin("admin.users.blockTitle", { name }), lead: tAdmin("admin.users.blockLead"), confirm: tAdmin("admin.users.block") },
      unblock: { title: tAdmin("admin.users.unblockTitle", { name }), lead: tAdmin("admin.users.unblockLead"), confirm: tAdmin("admin.users.unblock") },
      delete: { title: tAdmin("admin.users.deleteTitle", { name }), lead: tAdmin("admin.users.deleteLead"), confirm: tAdmin("admin.users.delete") },
      grant: { title: tAdmin("admin.users.grantTitle", { name }), lead: tAdmin("admin.users.grantLead"), confirm: tAdmin("admin.users.grant") },
      revoke: { title: tAdmin("admin.users.revokeTitle", { name }), lead: tAdmin("admin.users.revokeLead"), confirm: tAdmin("admin.users.revoke") },
    };
    confirmation.value = { ...prompts[action], action: () => actOnUser(user, action) };
  };

  const page = userResults.value;
  const status = usersLoading.value
    ? tAdmin("admin.users.searching")
    : page === null
      ? ""
      : page.items.length === 0
        ? tAdmin("admin.users.none")
        : tAdmin("admin.users.found", { count: page.items.length });
  return (
    <Panel title={tAdmin("admin.users.title")} lead={tAdmin("admin.users.lead")}>
      <div class="people-search">
        <label for="admin-user-search">{tAdmin("admin.users.search")}</label>
        <input id="admin-user-search" class="search-input" type="search" value={userQuery.value} onInput={onInput} autocomplete="off" spellcheck={false} />
        <p class="people-search-status" role="status">
          {status}
        </p>
      </div>
      {usersProblem.value && <p role="alert">{usersProblem.value}</p>}
      {page && page.items.length > 0 && (
        <ul class="admin-list">
          {page.items.map((user) => (
            <UserRow key={user.id} user={user} onAction={(action) => ask(user, action)} />
          ))}
        </ul>
      )}
      {page?.next && (
        <button type="button" class="button button-quiet" onClick={() => void findUsers(true)} disabled={usersLoading.value}>
          {tAdmin("admin.more")}
        </button>
      )}
      <ConfirmDialog confirmation={confirmation.value} onClose={() => (confirmation.value = null)} />
    </Panel>
  );
}

function UserRow({ user, onAction }: { user: AdminUser; onAction: (action: UserAction) => void }) {
  const self = user.id === currentUser.value?.id;
  const name = user.display_name;
  const live = user.status !== "deleted";
  return (
    <li class="admin-row" data-status={user.status}>
      <Avatar id={user.id} name={name} url={user.avatar_url} size="small" />
      <div class="admin-row-text">
        <p class="person-name">
          {name}
          {user.is_admin && <span class="badge">{tAdmin("admin.users.adminBadge")}</span>}
          {user.status === "blocked" && <span class="badge badge-danger">{tAdmin("admin.users.blockedBadge")}</span>}
          {user.status === "deleted" && <span class="badge">{tAdmin("admin.users.deletedBadge")}</span>}
        </p>
        {user.username && <p class="person-handle">@{user.username}</p>}
        <p class="admin-row-meta">
          {user.last_seen_at ? (
            <>
              {tAdmin("admin.users.lastSeen")} <DateTime iso={user.last_seen_at} />
            </>
          ) : (
            tAdmin("admin.users.neverSeen")
          )}
        </p>
      </div>
      {live && (
        <div class="admin-row-actions">
          {!self &&
            (user.status === "blocked" ? (
              <button type="button" class="button button-quiet button-small" onClick={() => onAction("unblock")} aria-label={tAdmin("admin.users.unblockNamed", { name })}>
                {tAdmin("admin.users.unblock")}
              </button>
            ) : (
              <button type="button" class="button button-quiet button-small" onClick={() => onAction("block")} aria-label={tAdmin("admin.users.blockNamed", { name })}>
                {tAdmin("admin.users.block")}
              </button>
            ))}
          {user.is_admin ? (
            <button type="button" class="button button-quiet button-small" onClick={() => onAction("revoke")} aria-label={tAdmin("admin.users.revokeNamed", { name })}>
              {tAdmin("admin.users.revoke")}
            </button>
          ) : (
            user.status === "active" && (
              <button type="button" class="button button-quiet button-small" onClick={() => onAction("grant")} aria-label={tAdmin("admin.users.grantNamed", { name })}>
                {tAdmin("admin.users.grant")}
              </button>
            )
          )}
          {!self && (
            <button type="button" class="button button-danger-quiet button-small" onClick={() => onAction("delete")} aria-label={tAdmin("admin.users.deleteNamed", { name })}>
              {tAdmin("admin.users.delete")}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
