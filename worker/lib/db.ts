import { drizzle } from "drizzle-orm/d1";
import * as tables from "../../schema/tables";

export const database = (d1: D1Database) => drizzle(d1, { schema: tables });
export type Database = ReturnType<typeof database>;

/** D1 binds at most 100 parameters in one statement (the local runtime enforces it too). */
export const BOUND_PARAMETERS_MAX = 100;

/** A list cut into runs of at most `size`, for statements that bind one parameter (or row) per item. */
export function slices<T>(items: readonly T[], size: number): T[][] {
  const runs: T[][] = [];
  for (let i = 0; i < items.length; i += size) runs.push(items.slice(i, i + size));
  return runs;
}
