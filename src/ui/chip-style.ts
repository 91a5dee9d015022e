// Chip and hover-card styles (each inside its own Shadow DOM) and the segment colours.

/** Segment colours: important-* warm, general-* cool; win-back the palest. */
export const SEGMENT_COLORS: Record<string, string> = {
  "important-value": "#cf1322",
  "important-develop": "#d46b08",
  "important-keep": "#ad6800",
  "important-winback": "#c41d7f",
  "general-value": "#0958d9",
  "general-develop": "#08979c",
  "general-keep": "#389e0d",
  "general-winback": "#8c8c8c"
}

/**
 * Each chip's shadow root. `:host` rules marked !important win over any page rule, important or not (the
 * inner context wins for important declarations), and `all: initial` stops the page's inherited fonts,
 * colours and spacing at the host: nothing of the page's styles reaches the chip, and the chip's rules are
 * scoped to its shadow tree.
 */
export const chipStyle = `
  :host { all: initial !important; display: inline-block !important; vertical-align: middle !important;
    line-height: 0 !important; }
  .huike-chip { display: inline-block; margin-left: 6px; padding: 1px 6px;
    border-radius: 9px; font: 12px/16px -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif;
    white-space: nowrap; vertical-align: middle; border: 1px solid transparent; cursor: pointer; }
  .huike-chip--repeat { background: #fff1f0; color: #c41d1d; border-color: #ffccc7; }
  .huike-chip--new { background: #f0f5ff; color: #1d39c4; border-color: #adc6ff; }
  .huike-chip--first-seen { background: #fafafa; color: #595959; border-color: #d9d9d9; border-style: dashed; }
  .huike-chip--shared { background: #fffbe6; color: #874d00; border-color: #ffe58f; }
  .huike-chip--unknown { background: #fafafa; color: #8c8c8c; border-color: #e8e8e8; cursor: default; }
  .huike-chip__seg { display: inline-block; color: #fff; border-radius: 7px; padding: 0 5px; margin-right: 4px;
    line-height: 16px; vertical-align: top; }
  [data-huike-bell] { margin-left: 4px; }
  .huike-chip__tag { color: #fff; border-radius: 7px; padding: 0 5px; }
`

/** The card layer: one shadow root (Plasmo's overlay container) holding the open hover card. */
export const cardStyle = `
  :host { all: initial !important; position: absolute !important; top: 0 !important; left: 0 !important;
    width: 0 !important; height: 0 !important; z-index: 2147483647 !important; }
  #plasmo-shadow-container { position: static !important; }
  .huike-card-slot { position: absolute; }
  .huike-chip { display: inline-flex; align-items: center; margin: 0 4px 0 0; padding: 1px 6px; border-radius: 9px;
    font: 12px/16px -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif; white-space: nowrap; }
  .huike-card { width: 320px; background: #fff; color: #262626; border: 1px solid #d9d9d9; border-radius: 8px;
    padding: 10px 12px; box-shadow: 0 6px 16px rgba(0,0,0,.12);
    font: 12px/1.5 -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif; white-space: normal;
    text-align: left; }
  .huike-card h3 { font-size: 13px; margin: 0 0 4px; }
  .huike-card dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 6px 0; }
  .huike-card dt { color: #8c8c8c; }
  .huike-card dd { margin: 0; }
  .huike-card .why { color: #595959; margin: 4px 0; }
  .huike-card ul { margin: 4px 0; padding-left: 16px; }
  .huike-card textarea, .huike-card input { width: 100%; box-sizing: border-box; font: inherit; margin: 2px 0; }
  .huike-card .actions { display: flex; gap: 6px; flex-wrap: wrap; margin-top: 6px; }
  .huike-card button { font: inherit; padding: 1px 8px; }
`
