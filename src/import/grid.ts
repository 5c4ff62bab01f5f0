/**
 * The neutral model every reader produces: a document is its tables (as rectangular grids) and its
 * loose paragraphs, in reading order. Merged cells are already resolved: a cell covered by a
 * merge carries the merged text and says where it came from, so "same as above" needs no
 * knowledge of the file format.
 */
export interface Cell {
  text: string;
  /** Set when this cell is covered by a merge started to its left or above it. */
  from?: 'left' | 'above';
}

export interface Grid {
  /** Where it came from, for messages: "表2", "工作表「目标表」". */
  name: string;
  rows: Cell[][];
  /** Paragraphs between the previous table and this one (its title, "单位：万元" …). */
  before?: string[];
  /** How many of the document's paragraphs come before this table. */
  paraIndex?: number;
}

export interface SourceDoc {
  tables: Grid[];
  /** Text outside tables (titles such as "（2022 年度）", "542001 正定县信访局本级"). */
  paragraphs: string[];
}

/** Pads every row to the widest one so columns can be addressed by index. */
export function squareUp(rows: Cell[][]): Cell[][] {
  const width = Math.max(0, ...rows.map((r) => r.length));
  return rows.map((r) =>
    r.length < width ? [...r, ...Array.from({ length: width - r.length }, () => ({ text: '' }))] : r,
  );
}
