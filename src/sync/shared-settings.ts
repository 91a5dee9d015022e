// Settings every browser of the shop shares: they define the figures. Personal preferences stay local. Each
// shop's time zone and currency (its record in the store) are shared too, once the owner set them.
import { LADDER_KEY, THRESHOLDS_KEY } from "../db/schema/owner-settings"
import { RULES_KEY } from "../ui/dashboard/settings"

export const SHARED_SETTINGS: readonly string[] = [LADDER_KEY, THRESHOLDS_KEY, RULES_KEY]
