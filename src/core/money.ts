// Limits on what one order can cost. An amount past them is a misread (digits run together, a price in
// the wrong unit, a page's test row), never a sale: stored, it would swamp every figure of its buyer and shop.
import { minorDigits } from "./segments"

/** Ten million of a currency worth about a dollar or more: far beyond any order a small shop takes. */
const DEFAULT_CEILING_MAJOR = 10_000_000

/** Currencies whose unit is worth far less than a dollar: about ten million dollars' worth, rounded up. */
const CEILING_MAJOR: Readonly<Record<string, number>> = {
  ARS: 1e10,
  CLP: 1e10,
  COP: 1e11,
  HUF: 1e10,
  IDR: 1e12,
  INR: 1e9,
  IRR: 1e13,
  ISK: 1e10,
  JPY: 1e10,
  KRW: 1e11,
  KZT: 1e10,
  LAK: 1e12,
  LBP: 1e13,
  MMK: 1e11,
  NGN: 1e11,
  PHP: 1e9,
  PKR: 1e10,
  PYG: 1e12,
  RUB: 1e9,
  THB: 1e9,
  TWD: 1e9,
  TZS: 1e11,
  UGX: 1e11,
  UZS: 1e12,
  VND: 1e12,
  XAF: 1e10,
  XOF: 1e10
}

/** The most one order may cost, in minor units of `currency` (an order above it is refused as a misread). */
export function maxOrderAmount(currency: string): number {
  return (CEILING_MAJOR[currency] ?? DEFAULT_CEILING_MAJOR) * 10 ** minorDigits(currency)
}
