// The API URLs every adapter reads, for the main-world interceptor. Kept apart from the adapters'
// parsers so the script injected into the page's own world stays tiny.
import { apiPatterns as amazon } from "./amazon/selectors"
import { apiPatterns as shopify } from "./shopify/selectors"
import { apiPatterns as taobao } from "./taobao/selectors"
import { apiPatterns as vendure } from "./vendure/selectors"

export const API_PATTERNS: readonly RegExp[] = [...taobao, ...shopify, ...amazon, ...vendure]
