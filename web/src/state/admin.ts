import { batch, signal } from "@preact/signals";
import type { AdminReport, AdminStats, AdminUser, AuditEntry, ResolveBody } from "../../../schema/admin";
import type { User } from "../../../schema/api";
import * as api from "../api";
import { t } from "../i18n";
import type { AccountAction } from "../api";
import { describe } from "./form";
import { currentUser, updateCurrentUser } from "./session";

// The admin area's model: each section loads when shown and pages on request; an action
// updates the rows it changed in place. Loaded with the admin area only.

export interface Paged<T> {
  items: T[];
  next: string | null;
}

/** Everyone the loaded pages name, by id: reporters, senders, moderators, audit actors. */
export const adminPeople = signal<ReadonlyMap<string, User>>(new Map(), { name: "adminPeople" });

/** A display name the loaded pages know, or "Someone". */
export const personName = (id: string | null) => (id === null ? t("people.someone") : (adminPeople.value.get(id)?.display_name ?? t("people.someone")));

function rememberPeople(people: readonly User[]) {
  if (people.length === 0) return;
  const next = new Map(adminPeople.peek());
  for (const person of people) next.set(person.id, person);
  adminPeople.value = next;
}

// ---- overview ----

export const stats = signal<AdminStats | null>(null, { name: "adminStats" });
export const statsProblem = signal<string | null>(null, { name: "adminStatsProblem" });

export async function loadStats() {
  statsProblem.value = null;
  try {
    stats.value = await api.adminStats();
  } catch (error) {
    statsProblem.value = describe(error);
  }
}

// ---- people ----

export const userQuery = signal("", { name: "adminUserQuery" });
export const userResults = signal<Paged<AdminUser> | null>(null, { name: "adminUserResults" });
export const usersProblem = signal<string | null>(null, { name: "adminUsersProblem" });
export const usersLoading = signal(false, { name: "adminUsersLoading" });

// Typing fires a search per pause; only the newest one's answer is shown.
let userSearch = 0;

export async function findUsers(more = false) {
  const ticket = ++userSearch;
  const cursor = more ? (userResults.peek()?.next ?? undefined) : undefined;
  usersLoading.value = true;
  usersProblem.value = null;
  try {
    const page = await api.adminUsers({ q: userQuery.peek().trim(), cursor });
    if (ticket !== userSearch) return;
    const before = more ? (userResults.peek()?.items ?? []) : [];
    userResults.value = { items: [...before, ...page.users], next: page.next_cursor };
  } catch (error) {
    if (ticket === userSearch) usersProblem.value = describe(error);
  } finally {
    if (ticket === userSearch) usersLoading.value = false;
  }
}

export type UserAction = AccountAction | "grant" | "revoke";

/** Blocks, unblocks, deletes, or grants or removes administrator rights; throws what the server refused. */
export async function actOnUser(user: AdminUser, action: UserAction) {
  const updated =
    action === "grant" || action === "revoke" ? await api.adminSetAdmin(user.id, action === "grant") : await api.adminAccountAction(user.id, action);
  const page = userResults.peek();
  if (page) userResults.value = { ...page, items: page.items.map((item) => (item.id === updated.id ? updated : item)) };
  // Stepping down is the one action that changes what this person may see.
  const me = currentUser.peek();
  if (me && updated.id === me.id) updateCurrentUser({ ...me, is_admin: updated.is_admin });
  void loadStats();
}

// ---- reports ----

export type ReportStatus = "open" | "resolved";

export const reportStatus = signal<ReportStatus>("open", { name: "adminReportStatus" });
export const reports = signal<Paged<AdminReport> | null>(null, { name: "adminReports" });
export const reportsProblem = signal<string | null>(null, { name: "adminReportsProblem" });

export async function loadReports(more = false) {
  const status = reportStatus.peek();
  const cursor = more ? (reports.peek()?.next ?? undefined) : undefined;
  reportsProblem.value = null;
  if (!more) reports.value = null;
  try {
    const page = await api.adminReports({ status, cursor });
    if (status !== reportStatus.peek()) return;
    rememberPeople(page.people);
    const before = more ? (reports.peek()?.items ?? []) : [];
    reports.value = { items: [...before, ...page.reports], next: page.next_cursor };
  } catch (error) {
    reportsProblem.value = describe(error);
  }
}

export function showReports(status: ReportStatus) {
  reportStatus.value = status;
  void loadReports();
}

/** Settles a report, and with it the other open reports on the same message: they leave the queue. */
export async function settleReport(report: AdminReport, action: ResolveBody["action"]) {
  await api.resolveReport(report.id, action);
  const page = reports.peek();
  const sameMessage = (item: AdminReport) => item.room.id === report.room.id && item.seq === report.seq;
  if (page) reports.value = { ...page, items: page.items.filter((item) => !sameMessage(item)) };
  void loadStats();
}

// ---- audit log ----

export const audit = signal<Paged<AuditEntry> | null>(null, { name: "adminAudit" });
export const auditProblem = signal<string | null>(null, { name: "adminAuditProblem" });

export async function loadAudit(more = false) {
  const cursor = more ? (audit.peek()?.next ?? undefined) : undefined;
  auditProblem.value = null;
  try {
    const page = await api.adminAudit(cursor);
    rememberPeople(page.people);
    const before = more ? (audit.peek()?.items ?? []) : [];
    audit.value = { items: [...before, ...page.entries], next: page.next_cursor };
  } catch (error) {
    auditProblem.value = describe(error);
  }
}

/** Forgets everything loaded here: the admin area clears it when it closes, sign-out included. */
export function resetAdmin() {
  batch(() => {
    adminPeople.value = new Map();
    stats.value = null;
    userQuery.value = "";
    userResults.value = null;
    reports.value = null;
    audit.value = null;
  });
}
