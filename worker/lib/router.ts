import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import { ErrorEnvelope } from "../../schema/api";
import type { AppEnv } from "../env";
import { invalidRequest } from "./errors";
import { fieldProblems } from "./fieldProblems";

// Each resource is its own chained sub-app; validation failures from any of them become
// the contract's 400 with one entry per field.
export const createRouter = () =>
  new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const problems = fieldProblems(result.error as ZodError);
        throw invalidRequest(problems.map((p) => `${p.field}: ${p.message}`).join("; "), problems);
      }
    },
  });

const errorContent = { "application/json": { schema: ErrorEnvelope } };

const errorDescriptions = {
  400: "Invalid request: details name each field and why",
  401: "Missing, invalid or expired credentials",
  403: "Forbidden, or the account is disabled",
  404: "Not found",
  409: "Conflict",
  413: "Body too large",
  415: "Body is not JSON",
  429: "Too many attempts; see Retry-After",
  503: "Not set up on this server",
} as const;

export type ErrorStatus = keyof typeof errorDescriptions;

export const errorResponses = (...statuses: ErrorStatus[]) =>
  Object.fromEntries(
    statuses.map((status) => [status, { description: errorDescriptions[status], content: errorContent }]),
  ) as Record<ErrorStatus, { description: string; content: typeof errorContent }>;

export const json = <T>(schema: T) => ({ "application/json": { schema } });

export const bearer: RouteConfig["security"] = [{ Bearer: [] }];
