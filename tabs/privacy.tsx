// The privacy policy (PRIVACY.md at the repository's top) inside the extension, so the options page links to
// it offline and to exactly the text this version ships with. Shown as the Markdown text it is (pre-wrap, React
// text only: nothing reaches an HTML parser); the store listing links the same file on GitHub.
import privacy from "data-text:~PRIVACY.md"

const page: React.CSSProperties = {
  maxWidth: 760,
  margin: "24px auto",
  padding: "0 16px",
  font: '14px/1.6 -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif',
  color: "#262626",
  whiteSpace: "pre-wrap"
}

export default function Privacy() {
  return (
    <main style={page} data-privacy>
      {privacy}
    </main>
  )
}
