// Test helper: asserts that no number anywhere in a value (objects, arrays, nested) is NaN or ±Infinity.
import { expect } from "vitest"

function numbersIn(value: unknown, path: string, out: [string, number][]): [string, number][] {
  if (typeof value === "number") out.push([path, value])
  else if (Array.isArray(value)) value.forEach((v, i) => numbersIn(v, `${path}[${i}]`, out))
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) numbersIn(v, `${path}.${k}`, out)
  }
  return out
}

export function expectAllFinite(value: unknown): void {
  const numbers = numbersIn(value, "$", [])
  expect(numbers.filter(([, v]) => !Number.isFinite(v))).toEqual([])
}
