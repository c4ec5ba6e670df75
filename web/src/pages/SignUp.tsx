import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import { DISPLAY_NAME_MAX, PASSWORD_MAX, passwordRules, USERNAME_MAX, usernameRules } from "../../../schema/rules";
import { AuthLayout } from "../components/AuthLayout";
import { Field } from "../components/Field";
import { FormAlert } from "../components/FormAlert";
import { Link } from "../components/Link";
import { RuleChecklist } from "../components/RuleChecklist";
import { createSubmission } from "../state/form";
import { signUp } from "../state/session";

export function SignUp() {
  const username = useSignal("");
  const password = useSignal("");
  const displayName = useSignal("");
  const form = useMemo(() => createSubmission(["username", "password", "display_name"]), []);

  // The checklist guides; the server decides. Submitting with a rule unmet shows the
  // server's own reason beside the field.
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const name = displayName.value.trim();
    void form.submit(() =>
      signUp({ username: username.value.trim(), password: password.value, ...(name ? { display_name: name } : {}) }),
    );
  };

  return (
    <AuthLayout
      title="Create your account"
      lead="Pick a username people can find you by. You can be signed in on several devices at once."
      footer={
        <p>
          Already have an account? <Link href="/signin">Sign in</Link>
        </p>
      }
    >
      <form class="form" onSubmit={onSubmit} noValidate>
        <Field
          form={form}
          name="username"
          label="Username"
          value={username}
          autocomplete="username"
          maxLength={USERNAME_MAX}
          hint={<RuleChecklist title="Your username needs" rules={usernameRules} value={username} />}
        />
        <Field
          form={form}
          name="display_name"
          label="Display name"
          value={displayName}
          autocomplete="name"
          optional
          maxLength={DISPLAY_NAME_MAX}
          hint={<p>Shown to the people you talk to. Leave it empty to use your username.</p>}
        />
        <Field
          form={form}
          name="password"
          label="Password"
          type="password"
          value={password}
          autocomplete="new-password"
          maxLength={PASSWORD_MAX}
          hint={<RuleChecklist title="Your password needs" rules={passwordRules} value={password} />}
        />
        <FormAlert message={form.alert} />
        <button type="submit" class="button button-primary button-block" disabled={form.pending.value}>
          {form.pending.value ? "Creating your account…" : "Create account"}
        </button>
      </form>
    </AuthLayout>
  );
}
