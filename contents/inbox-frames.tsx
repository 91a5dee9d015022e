// Shopify Inbox inside the admin: the admin shows Inbox as an embedded app, in an iframe (public code that
// drives it says so), which the overlay — top frames only — never enters. This entry runs the same overlay
// in every frame of Inbox's web app (inbox.shopify.com), top or embedded; the overlay itself leaves that host
// to it, so a page never runs both. Nothing is captured there.
import type { PlasmoCSConfig } from "plasmo"

export { createShadowRoot, getShadowHostId, render, default } from "./overlay"

export const config: PlasmoCSConfig = {
  matches: ["https://inbox.shopify.com/*"],
  all_frames: true
}
