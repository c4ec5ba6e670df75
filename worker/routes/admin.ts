import { createRoute } from "@hono/zod-openapi";
import {
  AdminReport,
  AdminStats,
  AdminUserDetail,
  AdminUserPage,
  AdminUserQuery,
  AuditPage,
  AuditQuery,
  ReportPage,
  ReportQuery,
  ResolveBody,
  SetAdminBody,
} from "../../schema/admin";
import { dataOf, IdParam } from "../../schema/api";
import { actionableUser, endBlockedAccess, markBlocked, searchUsers, setAdmin, unblockAccount, userDetail } from "../admin/accounts";
import { audit, auditPage } from "../admin/audit";
import { reportPage, resolveReport } from "../admin/reports";
import { adminStats } from "../admin/stats";
import { deleteAccount } from "../lib/accountDeletion";
import { database } from "../lib/db";
import { conflict, notFound } from "../lib/errors";
import { bearer, createRouter, errorResponses, json } from "../lib/router";
import { findUserById } from "../lib/users";
import { requireAdmin } from "../middleware/admin";
import { requireAuth } from "../middleware/auth";

const admin = { security: bearer, middleware: [requireAuth, requireAdmin] };
const tags = ["Administration"];
const userAnswer = (description: string) => ({ description, content: json(dataOf(AdminUserDetail)) });

const statsRoute = createRoute({
  method: "get", path: "/stats", tags, ...admin,
  summary: "The instance at a glance",
  description: "Days are UTC days. Active: any signed-in request or token refresh.",
  responses: { 200: { description: "Counts", content: json(dataOf(AdminStats)) }, ...errorResponses(401, 403) },
});
const usersRoute = createRoute({
  method: "get", path: "/users", tags, ...admin,
  summary: "Find accounts",
  description: "Part of a username or display name, or an exact id; without q, everyone newest first. Pass next_cursor as cursor for the next page.",
  request: { query: AdminUserQuery },
  responses: { 200: { description: "A page of accounts", content: json(dataOf(AdminUserPage)) }, ...errorResponses(400, 401, 403) },
});
const userRoute = createRoute({
  method: "get", path: "/users/{id}", tags, ...admin,
  summary: "One account, with its sessions, rooms, storage and open reports",
  request: { params: IdParam },
  responses: { 200: userAnswer("The account"), ...errorResponses(401, 403, 404) },
});
const blockRoute = createRoute({
  method: "post", path: "/users/{id}/block", tags, ...admin,
  summary: "Block an account",
  description: "Every device session ends at once, with its sockets (inbox and rooms); the account cannot sign in until unblocked. Not your own account.",
  request: { params: IdParam },
  responses: { 200: userAnswer("The blocked account"), ...errorResponses(401, 403, 404, 409) },
});
const unblockRoute = createRoute({
  method: "post", path: "/users/{id}/unblock", tags, ...admin,
  summary: "Unblock an account", description: "It can sign in again; its old sessions stay ended.",
  request: { params: IdParam },
  responses: { 200: userAnswer("The account"), ...errorResponses(401, 403, 404, 409) },
});
const deleteRoute = createRoute({
  method: "post", path: "/users/{id}/delete", tags, ...admin,
  summary: "Delete an account",
  description: "As DELETE /api/me, without the password: the profile is erased, the username freed, sessions and sockets end, memberships end; messages stay as from \"Deleted User\". Not your own account.",
  request: { params: IdParam },
  responses: { 200: userAnswer("The deleted account"), ...errorResponses(401, 403, 404, 409) },
});
const setAdminRoute = createRoute({
  method: "put", path: "/users/{id}/admin", tags, ...admin,
  summary: "Grant or remove administrator rights",
  description: "409 when removing them would leave no active administrator.",
  request: { params: IdParam, body: { content: json(SetAdminBody), required: true } },
  responses: { 200: userAnswer("The account"), ...errorResponses(400, 401, 403, 404, 409, 415) },
});
const reportsRoute = createRoute({
  method: "get", path: "/reports", tags, ...admin,
  summary: "The reports queue",
  description: "status=open (the default): oldest first. status=resolved: newest first. Each report carries the message and a few messages either side, as they are now.",
  request: { query: ReportQuery },
  responses: { 200: { description: "A page of reports", content: json(dataOf(ReportPage)) }, ...errorResponses(400, 401, 403) },
});
const resolveRoute = createRoute({
  method: "post", path: "/reports/{id}/resolve", tags, ...admin,
  summary: "Settle a report: delete the message, block its sender, or dismiss",
  description: "Every open report on the same message is settled with it.",
  request: { params: IdParam, body: { content: json(ResolveBody), required: true } },
  responses: { 200: { description: "The resolved report", content: json(dataOf(AdminReport)) }, ...errorResponses(400, 401, 403, 404, 409, 415) },
});
const auditRoute = createRoute({
  method: "get", path: "/audit", tags, ...admin,
  summary: "The audit log, newest first",
  request: { query: AuditQuery },
  responses: { 200: { description: "A page of entries", content: json(dataOf(AuditPage)) }, ...errorResponses(400, 401, 403) },
});

// Report ids are numbers inside; anything else names no report.
const reportId = (id: string) => {
  if (!/^\d{1,15}$/.test(id)) throw notFound("report");
  return Number(id);
};

export const adminRoutes = createRouter()
  .openapi(statsRoute, async (c) => c.json({ data: await adminStats(c.env.DB) }, 200))
  .openapi(usersRoute, async (c) => c.json({ data: await searchUsers(database(c.env.DB), c.req.valid("query")) }, 200))
  .openapi(userRoute, async (c) => c.json({ data: await userDetail(c.env, c.req.valid("param").id) }, 200))
  .openapi(blockRoute, async (c) => {
    const db = database(c.env.DB);
    const target = await actionableUser(db, c.var.user.id, c.req.valid("param").id, "block");
    if (await markBlocked(db, target.id)) await audit(db, { actorId: c.var.user.id, action: "user_blocked", targetUserId: target.id });
    await endBlockedAccess(c.env, target.id);
    return c.json({ data: await userDetail(c.env, target.id) }, 200);
  })
  .openapi(unblockRoute, async (c) => {
    const db = database(c.env.DB);
    const target = await actionableUser(db, c.var.user.id, c.req.valid("param").id, "unblock");
    if (await unblockAccount(db, target.id)) await audit(db, { actorId: c.var.user.id, action: "user_unblocked", targetUserId: target.id });
    return c.json({ data: await userDetail(c.env, target.id) }, 200);
  })
  .openapi(deleteRoute, async (c) => {
    const db = database(c.env.DB);
    const target = await actionableUser(db, c.var.user.id, c.req.valid("param").id, "delete");
    await deleteAccount(c.env, target.id);
    await audit(db, { actorId: c.var.user.id, action: "user_deleted", targetUserId: target.id });
    return c.json({ data: await userDetail(c.env, target.id) }, 200);
  })
  .openapi(setAdminRoute, async (c) => {
    const db = database(c.env.DB);
    const target = await findUserById(db, c.req.valid("param").id);
    if (!target) throw notFound("user");
    if (target.status === "deleted") throw conflict("The account is deleted.");
    const { is_admin } = c.req.valid("json");
    if (await setAdmin(db, target, is_admin)) {
      await audit(db, { actorId: c.var.user.id, action: is_admin ? "admin_granted" : "admin_revoked", targetUserId: target.id });
    }
    return c.json({ data: await userDetail(c.env, target.id) }, 200);
  })
  .openapi(reportsRoute, async (c) => c.json({ data: await reportPage(c.env, c.req.valid("query")) }, 200))
  .openapi(resolveRoute, async (c) => {
    const id = reportId(c.req.valid("param").id);
    return c.json({ data: await resolveReport(c.env, c.var.user, id, c.req.valid("json").action) }, 200);
  })
  .openapi(auditRoute, async (c) => {
    const { cursor, limit } = c.req.valid("query");
    return c.json({ data: await auditPage(database(c.env.DB), cursor, limit) }, 200);
  });
