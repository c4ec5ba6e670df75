export type Cell = string | number;

export interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
}

// Fixed decimals for readability; "–" for a value that could not be measured.
export function formatNumber(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "–";
}

const escapeCell = (cell: Cell) => String(cell).replaceAll("|", "\\|");

// The first column names the row and is left-aligned; the others hold figures and are
// right-aligned. Cells are padded so the table also reads well as plain text on stdout.
export function renderTable(table: Table): string {
  const cells = [table.columns, ...table.rows].map((row) => row.map(escapeCell));
  const widths = table.columns.map((_, column) => Math.max(3, ...cells.map((row) => (row[column] ?? "").length)));
  const line = (row: string[]) =>
    `| ${widths.map((width, column) => (column === 0 ? (row[column] ?? "").padEnd(width) : (row[column] ?? "").padStart(width))).join(" | ")} |`;
  const rule = `|${widths.map((width, column) => (column === 0 ? ` ${"-".repeat(width)} ` : ` ${"-".repeat(width - 1)}: `)).join("|")}|`;
  const [header, ...body] = cells;
  return [`### ${table.title}`, "", line(header!), rule, ...body.map(line)].join("\n");
}
