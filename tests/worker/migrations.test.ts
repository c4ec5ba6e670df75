/// <reference types="vite/client" />
import { env } from "cloudflare:test";
import { is, SQL } from "drizzle-orm";
import { getTableConfig, SQLiteSyncDialect, SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import journal from "../../migrations/meta/_journal.json";

// The setup file has just applied every migration in migrations/, in order, to an empty
// database. What that built must be exactly what the drizzle schema describes: a change to
// the schema without its generated migration (or a hand-edited migration) fails here.

// Every table any schema module exports, however many there are.
const schemaModules = import.meta.glob<Record<string, unknown>>(["../../schema/*.ts", "!../../schema/drizzle.config.ts"], { eager: true });
const schemaTables = Object.values(schemaModules)
  .flatMap((module) => Object.values(module))
  .filter((value): value is SQLiteTable => is(value, SQLiteTable));

const dialect = new SQLiteSyncDialect();
const sqlText = (expression: SQL) => dialect.sqlToQuery(expression, "indexes").sql;

// How drizzle-kit writes a default into the migration, which is how SQLite reports it back.
function defaultLiteral(value: unknown): string | null {
  if (value === undefined) return null;
  if (is(value, SQL)) return `(${sqlText(value)})`;
  if (typeof value === "string") return `'${value.replaceAll("'", "''")}'`;
  if (typeof value === "object" && value !== null) return `'${JSON.stringify(value)}'`;
  return String(value);
}

const normalize = (sql: string) => sql.replace(/[`"]/g, "").replace(/\s+/g, "").toLowerCase();

interface ColumnInfo extends Record<string, unknown> {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

async function rows<T>(query: string, ...bind: unknown[]): Promise<T[]> {
  return (await env.DB.prepare(query).bind(...bind).all<T>()).results;
}

/** The table as the migrated database has it, in the terms the schema is written in. */
async function databaseShape(table: string) {
  const columns = await rows<ColumnInfo>(`PRAGMA table_info(\`${table}\`)`);
  const indexList = await rows<{ name: string; unique: number; origin: string }>(`PRAGMA index_list(\`${table}\`)`);
  const indexes = [];
  for (const index of indexList.filter((entry) => entry.origin !== "pk")) {
    const [definition] = await rows<{ sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", index.name);
    const on = definition!.sql.slice(definition!.sql.indexOf("(") + 1, definition!.sql.lastIndexOf(")"));
    indexes.push({ name: index.name, unique: index.unique === 1, on: normalize(on) });
  }
  const foreignKeys = await rows<{ table: string; from: string; to: string; on_update: string; on_delete: string }>(
    `PRAGMA foreign_key_list(\`${table}\`)`,
  );
  const [create] = await rows<{ sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", table);
  return {
    columns: columns.map((column) => ({
      name: column.name,
      type: column.type.toLowerCase(),
      notNull: column.notnull === 1,
      default: column.dflt_value,
    })),
    primaryKey: columns.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk).map((column) => column.name),
    indexes: indexes.sort((a, b) => a.name.localeCompare(b.name)),
    foreignKeys: foreignKeys
      .map((fk) => ({ from: fk.from, table: fk.table, to: fk.to, onUpdate: fk.on_update.toLowerCase(), onDelete: fk.on_delete.toLowerCase() }))
      .sort((a, b) => a.from.localeCompare(b.from)),
    checks: (create?.sql.match(/CONSTRAINT\s+["`]?(\w+)["`]?\s+CHECK/gi) ?? []).map((match) => match.split(/\s+/)[1]!.replace(/["`]/g, "")).sort(),
  };
}

/** The same, as drizzle's schema declares it. */
function schemaShape(table: SQLiteTable) {
  const config = getTableConfig(table);
  const composite = config.primaryKeys[0]?.columns.map((column) => column.name);
  const uniqueColumns = config.columns
    .filter((column) => column.isUnique)
    .map((column) => ({ name: column.uniqueName!, unique: true, on: normalize(column.name) }));
  const uniqueConstraints = config.uniqueConstraints.map((constraint) => ({
    name: constraint.getName() ?? "",
    unique: true,
    on: normalize(constraint.columns.map((column) => column.name).join(",")),
  }));
  const indexes = config.indexes.map((index) => ({
    name: index.config.name,
    unique: index.config.unique,
    on: normalize(index.config.columns.map((column) => (is(column, SQL) ? sqlText(column) : column.name)).join(",")),
  }));
  return {
    columns: config.columns.map((column) => ({
      name: column.name,
      type: column.getSQLType().toLowerCase(),
      notNull: column.notNull,
      default: defaultLiteral(column.default),
    })),
    primaryKey: composite ?? config.columns.filter((column) => column.primary).map((column) => column.name),
    indexes: [...uniqueColumns, ...uniqueConstraints, ...indexes].sort((a, b) => a.name.localeCompare(b.name)),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const reference = fk.reference();
        return {
          from: reference.columns.map((column) => column.name).join(","),
          table: getTableConfig(reference.foreignTable).name,
          to: reference.foreignColumns.map((column) => column.name).join(","),
          onUpdate: fk.onUpdate ?? "no action",
          onDelete: fk.onDelete ?? "no action",
        };
      })
      .sort((a, b) => a.from.localeCompare(b.from)),
    checks: config.checks.map((check) => check.name).sort(),
  };
}

describe("migrations", () => {
  it("were all applied, in order, each listed in drizzle-kit's journal under a number of its own", async () => {
    const names = env.TEST_MIGRATIONS.map((migration) => migration.name);
    const applied = await rows<{ name: string }>("SELECT name FROM d1_migrations ORDER BY id");
    expect(applied.map((row) => row.name)).toEqual(names);
    expect(names).toEqual([...names].sort());
    const numbers = names.map((name) => name.split("_")[0]);
    expect(new Set(numbers).size, "two migrations share a number").toBe(numbers.length);
    expect(journal.entries.map((entry) => `${entry.tag}.sql`)).toEqual(names);
  });

  it("build exactly the tables the schema declares, and no others", async () => {
    const built = await rows<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations' ORDER BY name",
    );
    expect(built.map((table) => table.name)).toEqual(schemaTables.map((table) => getTableConfig(table).name).sort());
  });

  it.each(schemaTables.map((table) => [getTableConfig(table).name, table] as const))(
    "build %s with the schema's columns, types, not-nulls, defaults, keys, indexes and foreign keys",
    async (name, table) => {
      expect(await databaseShape(name)).toEqual(schemaShape(table));
    },
  );
});
