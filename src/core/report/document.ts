/**
 * A report as data: the one model that both the HTML and the PDF renderers draw, so the two
 * always say the same thing. Charts and maps arrive as SVG already rendered (chart-svg.ts).
 */
export interface ReportDocument {
  title: string;
  subtitle?: string;
  /** Who made it and when, the data's as-of date: printed under the title. */
  meta?: { label: string; value: string }[];
  sections: ReportSection[];
  /** The page footer's note (method, sources, "sample values are marked"). */
  footer?: string;
  lang?: 'zh-CN' | 'en';
}

export interface ReportSection {
  heading: string;
  /** Starts on a new page in the PDF and when printed. */
  pageBreak?: boolean;
  blocks: ReportBlock[];
}

export type ReportBlock =
  | { kind: 'paragraph'; text: string; muted?: boolean }
  | { kind: 'heading'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'kpis'; items: { label: string; value: string; tone?: Tone }[] }
  | { kind: 'table'; title?: string; columns: ReportColumn[]; rows: ReportCell[][]; note?: string }
  | ({ kind: 'figure' } & ReportFigure)
  /** Figures side by side, `perRow` to a row (2 by default): small maps, small charts. */
  | { kind: 'figures'; items: ReportFigure[]; perRow?: number };

/** A drawing (SVG already rendered, its size in CSS pixels) with an optional caption. */
export interface ReportFigure {
  svg: string;
  width: number;
  height: number;
  caption?: string;
}

/** How a cell or figure is judged: met, near or not met a standard; plain otherwise. */
export type Tone = 'good' | 'near' | 'bad' | 'missing' | 'plain';

export interface ReportColumn {
  label: string;
  align?: 'left' | 'right' | 'center';
  /** Relative width (default 1). */
  width?: number;
}

/** A cell: text, or text with a tone that colours it. */
export type ReportCell = string | { text: string; tone?: Tone };

/** The text of a cell. */
export function cellText(c: ReportCell): string {
  return typeof c === 'string' ? c : c.text;
}

/** The tone of a cell ('plain' for bare text). */
export function cellTone(c: ReportCell): Tone {
  return typeof c === 'string' ? 'plain' : (c.tone ?? 'plain');
}

/** The colours of the tones, shared by the HTML and the PDF (and by charts that want to match). */
export const toneColours: Record<Tone, { fg: string; bg: string }> = {
  good: { fg: '#1b5e20', bg: '#e8f5e9' },
  near: { fg: '#8a4b00', bg: '#fff3e0' },
  bad: { fg: '#b71c1c', bg: '#ffebee' },
  missing: { fg: '#607d8b', bg: '#eceff1' },
  plain: { fg: '#1f2933', bg: '#ffffff' },
};
