import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import { PASSWORD_MAX, USERNAME_MAX } from "../../../schema/rules";
import { AuthLayout } from "../components/AuthLayout";
import { Field } from "../components/Field";
import { FormAlert } from "../components/FormAlert";
import { Link } from "../components/Link";
import { createSubmission } from "../state/form";
import { signIn } from "../state/session";

export function SignIn() {
  const username = useSignal("");
  const password = useSignal("");
  const form = useMemo(() => createSubmission(["username", "password"]), []);

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void form.submit(() => signIn({ username: username.value.trim(), password: password.value }));
  };

  return (
    <AuthLayout
      title="Sign in to Parley"
      lead="Welcome back. Sign in with your username and password."
      footer={
        <p>
          New to Parley? <Link href="/signup">Create an account</Link>
        </p>
      }
    >
      <form class="form" onSubmit={onSubmit} noValidate>
        <Field form={form} name="username" label="Username" value={username} autocomplete="username" maxLength={USERNAME_MAX} />
        <Field
          form={form}
          name="password"
          label="Password"
          type="password"
          value={password}
          autocomplete="current-password"
          maxLength={PASSWORD_MAX}
        />
        <FormAlert message={form.alert} />
        <button type="submit" class="button button-primary button-block" disabled={form.pending.value}>
          {form.pending.value ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </AuthLayout>
  );
}
