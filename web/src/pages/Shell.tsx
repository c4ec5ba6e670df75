import { useSignal } from "@preact/signals";
import { FormAlert } from "../components/FormAlert";
import { PageHeading } from "../components/PageHeading";
import { describe } from "../state/form";
import { currentUser, signOut } from "../state/session";

const joinedFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "long" });

export function Shell() {
  const user = currentUser.value;
  const signingOut = useSignal(false);
  const problem = useSignal<string | null>(null);
  if (!user) return null;

  const onSignOut = async () => {
    signingOut.value = true;
    problem.value = null;
    try {
      await signOut();
    } catch (error) {
      problem.value = `You're still signed in. ${describe(error)}`;
      signingOut.value = false;
    }
  };

  return (
    <div class="shell">
      <header class="shell-header">
        <div class="shell-brand">
          <img src="/icons/icon.svg" alt="" width={32} height={32} />
          <span class="shell-brand-name">Parley</span>
        </div>
        <div class="shell-account">
          <p class="shell-user">
            <span class="shell-user-name">{user.display_name}</span>
            <span class="shell-user-handle">@{user.username}</span>
          </p>
          <button type="button" class="button button-quiet" onClick={onSignOut} disabled={signingOut.value}>
            {signingOut.value ? "Signing out…" : "Sign out"}
          </button>
        </div>
      </header>
      <main class="shell-main">
        <FormAlert message={problem} />
        <section class="welcome" aria-labelledby="welcome-title">
          <PageHeading id="welcome-title">Welcome to Parley, {user.display_name}</PageHeading>
          <p class="welcome-lead">
            Parley is a private messenger for the people on this server: direct chats, groups and channels, kept in
            step live on every device you sign in on.
          </p>
          <div class="welcome-next">
            <h2>Conversations arrive with the next release</h2>
            <p>
              Your account is ready. When conversations land, they will appear right here; there is nothing to set up
              in the meantime.
            </p>
          </div>
          <h2 class="welcome-subtitle">Your account</h2>
          <dl class="account-facts">
            <div>
              <dt>Username</dt>
              <dd>@{user.username}</dd>
            </div>
            <div>
              <dt>Display name</dt>
              <dd>{user.display_name}</dd>
            </div>
            <div>
              <dt>Member since</dt>
              <dd>
                <time dateTime={user.created_at}>{joinedFormat.format(new Date(user.created_at))}</time>
              </dd>
            </div>
            <div>
              <dt>Role</dt>
              <dd>{user.is_admin ? "Administrator of this Parley server" : "Member"}</dd>
            </div>
          </dl>
        </section>
      </main>
    </div>
  );
}
