// Layer: schema. The owner's scoring settings, kept in the settings table: the member-level ladder and the segment
// thresholds. Every reader — the store's scoring (chips, side panel), the dashboard, the reminder run — takes
// them from here, so a rep and the owner never see two different answers for the same buyer.
import {
  DEFAULT_LADDER,
  MEAN_THRESHOLDS,
  validateBenefits,
  validateLadder,
  validateThresholds,
  type MemberLadder,
  type SegmentThresholds
} from "../../core"
import type { HuikeDB } from "./database"

/** Setting key of the owner's member ladder (the options page edits it). */
export const LADDER_KEY = "owner.memberLadder"
/** Setting key of the owner's segment thresholds (the options page edits them). */
export const THRESHOLDS_KEY = "owner.segmentThresholds"

export interface ScoringSettings {
  ladder: MemberLadder
  thresholds: SegmentThresholds
}

/**
 * The saved ladder, or the default when none is saved or the saved one no longer validates. A level whose
 * benefits do not validate loses only them here (its example stands in; the stored record is untouched), so
 * the thresholds scoring depends on never fall back over a benefit.
 */
export async function memberLadder(db: Pick<HuikeDB, "settings">): Promise<MemberLadder> {
  const row = await db.settings.get(LADDER_KEY)
  const saved = row?.value as MemberLadder | undefined
  if (!saved || !Array.isArray(saved.levels)) return DEFAULT_LADDER
  const ladder: MemberLadder = {
    ...saved,
    levels: saved.levels.map((l) => {
      if (l.benefits === undefined) return l
      try {
        validateBenefits(l.benefits, l.en || l.id)
        return l
      } catch {
        const { benefits: _bad, ...rest } = l
        return rest
      }
    })
  }
  try {
    validateLadder(ladder)
    return ladder
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

// The store's copy of the settings, for its synchronous scoring code (the capture path, rescores, lookups
// and profiles in the background). One database is active in a background at a time.
let active: ScoringSettings = { ladder: DEFAULT_LADDER, thresholds: MEAN_THRESHOLDS }
let loadedFor: string | null = null

/** The ladder and thresholds the store scores with now. */
export function activeScoringSettings(): ScoringSettings {
  return active
}

/** Reads the settings table into the store's copy: once per database, and again on every rescore. */
export async function loadScoringSettings(db: HuikeDB): Promise<ScoringSettings> {
  active = await scoringSettings(db)
  loadedFor = db.name
  return active
}

export async function ensureScoringSettings(db: HuikeDB): Promise<void> {
  if (loadedFor !== db.name) await loadScoringSettings(db)
}

/** Back to the defaults until the next load (delete-all, restore, tests). */
export function forgetScoringSettings(): void {
  active = { ladder: DEFAULT_LADDER, thresholds: MEAN_THRESHOLDS }
  loadedFor = null
}
