// The owner's scoring settings, kept in the settings table: the member-level ladder and the segment
// thresholds. Every reader — the store's scoring (chips, side panel), the dashboard, the reminder run — takes
// them from here, so a rep and the owner never see two different answers for the same buyer.
import {
  DEFAULT_LADDER,
  MEAN_THRESHOLDS,
  validateLadder,
  validateThresholds,
  type MemberLadder,
  type SegmentThresholds
} from "../core"
import type { HuikeDB } from "./database"

/** Setting key of the owner's member ladder (the options page edits it). */
export const LADDER_KEY = "owner.memberLadder"
/** Setting key of the owner's segment thresholds (the options page edits them). */
export const THRESHOLDS_KEY = "owner.segmentThresholds"

export interface ScoringSettings {
  ladder: MemberLadder
  thresholds: SegmentThresholds
}

/** The saved ladder, or the default when none is saved or the saved one no longer validates. */
export async function memberLadder(db: HuikeDB): Promise<MemberLadder> {
  const row = await db.settings.get(LADDER_KEY)
  const saved = row?.value as MemberLadder | undefined
  if (!saved) return DEFAULT_LADDER
  try {
    validateLadder(saved)
    return saved
  } catch {
    return DEFAULT_LADDER
  }
}

/** The saved thresholds, or the shop means when none are saved or the saved ones no longer validate. */
export async function segmentThresholds(db: HuikeDB): Promise<SegmentThresholds> {
  const row = await db.settings.get(THRESHOLDS_KEY)
  const saved = row?.value as SegmentThresholds | undefined
  if (!saved) return MEAN_THRESHOLDS
  try {
    validateThresholds(saved)
    return saved
  } catch {
    return MEAN_THRESHOLDS
  }
}

export async function scoringSettings(db: HuikeDB): Promise<ScoringSettings> {
  const [ladder, thresholds] = await Promise.all([memberLadder(db), segmentThresholds(db)])
  return { ladder, thresholds }
}
