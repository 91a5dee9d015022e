// Chip and hover-card styles (inside each chip's Shadow DOM) and the segment colours.

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

export const chipStyle = `
  :host { display: inline-block !important; vertical-align: middle; position: relative; }
  #plasmo-shadow-container, #plasmo-inline { display: inline-block !important; position: static !important; }
  .huike-chip { display: inline-flex; gap: 4px; align-items: center; margin-left: 6px; padding: 1px 6px;
    border-radius: 9px; font: 12px/16px -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif;
    white-space: nowrap; vertical-align: middle; border: 1px solid transparent; cursor: pointer; }
  .huike-chip--repeat { background: #fff1f0; color: #c41d1d; border-color: #ffccc7; }
  .huike-chip--new { background: #f0f5ff; color: #1d39c4; border-color: #adc6ff; }
  .huike-chip--unknown { background: #fafafa; color: #8c8c8c; border-color: #e8e8e8; cursor: default; }
  .huike-chip__seg { color: #fff; border-radius: 7px; padding: 0 5px; }
  .huike-chip__level { font-weight: 600; }
  .huike-chip__spent { opacity: 0.8; }
  .huike-wrap { position: relative; display: inline-block; }
  .huike-card { position: absolute; z-index: 2147483647; top: 100%; left: 0; margin-top: 4px; width: 320px;
    background: #fff; color: #262626; border: 1px solid #d9d9d9; border-radius: 8px; padding: 10px 12px;
    box-shadow: 0 6px 16px rgba(0,0,0,.12); font: 12px/1.5 -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif;
    white-space: normal; text-align: left; }
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
