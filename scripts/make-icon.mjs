// Draws assets/icon.png (512x512): a red rounded square with a white "return" arrow ring.
// Hand-written PNG encoding (zlib from Node) so the repo needs no image tooling to rebuild its icon.
import { deflateSync } from "node:zlib"
import { writeFileSync } from "node:fs"

const size = 512
const raw = Buffer.alloc((size * 4 + 1) * size)
const inRoundRect = (x, y, r) => {
  const cx = Math.min(Math.max(x, r), size - 1 - r)
  const cy = Math.min(Math.max(y, r), size - 1 - r)
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
}
for (let y = 0; y < size; y++) {
  raw[y * (size * 4 + 1)] = 0
  for (let x = 0; x < size; x++) {
    const o = y * (size * 4 + 1) + 1 + x * 4
    let rgba = [0, 0, 0, 0]
    if (inRoundRect(x, y, 96)) {
      rgba = [214, 48, 49, 255]
      const d = Math.hypot(x - 256, y - 256)
      const angle = Math.atan2(y - 256, x - 256)
      const ring = d > 120 && d < 170 && !(angle > -1.2 && angle < -0.3)
      const head =
        x > 300 &&
        x < 400 &&
        y > 90 &&
        y < 200 &&
        x - 300 > (y - 90) * 0.2 &&
        400 - x > Math.abs(y - 145) * 0.9
      if (ring || head) rgba = [255, 255, 255, 255]
    }
    raw.set(rgba, o)
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (buf) => {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
const chunk = (type, data) => {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
const ihdr = Buffer.alloc(13)
ihdr.writeUInt32BE(size, 0)
ihdr.writeUInt32BE(size, 4)
ihdr[8] = 8
ihdr[9] = 6
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", ihdr),
  chunk("IDAT", deflateSync(raw)),
  chunk("IEND", Buffer.alloc(0))
])
writeFileSync(new URL("../assets/icon.png", import.meta.url), png)
