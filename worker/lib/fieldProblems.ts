import type { ZodError } from "zod";
import type { FieldProblem } from "./errors";

// One entry per field and reason, for the 400 envelope's details and socket error frames.
export const fieldProblems = (error: ZodError): FieldProblem[] =>
  error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join(".") : "(body)",
    message: issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : issue.message,
  }));
