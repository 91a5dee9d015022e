// A real Vendure 3.7.3 server with its prebuilt Angular admin (@vendure/admin-ui-plugin), in this process,
// on free local ports, with a throw-away SQL.js database file. It is seeded through its own Admin API the
// way a shop owner's tools would be: a product, customers, orders placed and paid (some shipped or
// delivered), then each order's placed-at time moved into the past so the buyers have histories.
// Vendure is GPL-3.0: a test-only devDependency, never bundled into the extension.
//
// Run it by hand: `npx tsx test/backoffice/vendure/server.ts` (prints the admin's address; Ctrl+C ends).
import { mkdtempSync, rmSync } from "node:fs"
import { createRequire } from "node:module"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"

type VendureCore = typeof import("@vendure/core")
type AdminUi = typeof import("@vendure/admin-ui-plugin")

// Vendure is CommonJS with decorators and reflect-metadata: load it as Node does, outside any transform.
const require = createRequire(import.meta.url)

/** A blank picture for the login page. */
const LOGIN_IMAGE = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E"

export const SUPERADMIN = { username: "superadmin", password: "superadmin" }

/** Net price of the one product, minor units; tax is 20 % and shipping 5.00 flat (no tax on shipping). */
const UNIT_NET = 2500
const UNIT_GROSS = 3000
const SHIPPING = 500

export interface SeedCustomer {
  id: string
  firstName: string
  lastName: string
  email: string
}

export interface SeedOrder {
  code: string
  customerId: string
  quantity: number
  /** totalWithTax, minor units. */
  totalWithTax: number
  currency: "USD"
  /** orderPlacedAt, UTC ms. */
  placedAt: number
  state: "PaymentSettled" | "Shipped" | "Delivered"
}

export interface VendureBackOffice {
  origin: string
  adminUrl: string
  customers: SeedCustomer[]
  orders: SeedOrder[]
  bootMs: number
  seedMs: number
  close(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolvePort(port))
    })
  })
}

const PEOPLE: [string, string, string][] = [
  ["Ada", "Lovelace", "ada@example.com"],
  ["Grace", "Hopper", "grace@example.com"],
  ["Alan", "Turing", "alan@example.com"],
  ["Katherine", "Johnson", "katherine@example.com"]
]

/** [customer index, quantity, days ago, final state]: Ada buys three times, Katherine twice. */
const ORDERS: [number, number, number, SeedOrder["state"]][] = [
  [0, 1, 120, "Delivered"],
  [1, 2, 95, "Delivered"],
  [0, 2, 60, "Shipped"],
  [2, 3, 30, "PaymentSettled"],
  [3, 1, 21, "PaymentSettled"],
  [0, 1, 7, "PaymentSettled"],
  [3, 4, 2, "PaymentSettled"]
]

export async function startVendure(options: { now?: number } = {}): Promise<VendureBackOffice> {
  const started = Date.now()
  process.env.VENDURE_DISABLE_TELEMETRY = "true"
  const core = require("@vendure/core") as VendureCore
  const { AdminUiPlugin } = require("@vendure/admin-ui-plugin") as AdminUi
  const { populateInitialData } = require("@vendure/core/cli") as typeof import("@vendure/core/cli")
  const dir = mkdtempSync(join(tmpdir(), "huike-vendure-"))
  const [port, adminUiPort] = [await freePort(), await freePort()]
  const app = await core.bootstrap({
    apiOptions: { hostname: "127.0.0.1", port, adminApiPath: "admin-api", shopApiPath: "shop-api" },
    authOptions: {
      tokenMethod: ["cookie", "bearer"],
      superadminCredentials: { identifier: SUPERADMIN.username, password: SUPERADMIN.password },
      cookieOptions: { secret: "huike-e2e" }
    },
    dbConnectionOptions: {
      type: "sqljs",
      synchronize: true,
      location: join(dir, "vendure.sqlite"),
      autoSave: true,
      logging: false
    },
    paymentOptions: { paymentMethodHandlers: [core.dummyPaymentHandler] },
    logger: new core.DefaultLogger({ level: core.LogLevel.Error }),
    // The search plugin as every real install has it (the dashboard asks for its index status).
    plugins: [
      core.DefaultSearchPlugin.init({ bufferUpdates: false }),
      AdminUiPlugin.init({
        route: "admin",
        port: adminUiPort,
        // Its login page otherwise fetches a photo from login-image.vendure.io: stay offline.
        adminUiConfig: { loginImageUrl: LOGIN_IMAGE }
      })
    ]
  })
  const close = async () => {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const bootMs = Date.now() - started
    await populateInitialData(app, {
      defaultLanguage: core.LanguageCode.en,
      defaultZone: "Europe",
      taxRates: [{ name: "Standard Tax", percentage: 20 }],
      shippingMethods: [{ name: "Standard Shipping", price: SHIPPING }],
      paymentMethods: [
        {
          name: "Standard Payment",
          handler: {
            code: core.dummyPaymentHandler.code,
            arguments: [{ name: "automaticSettle", value: "false" }]
          }
        }
      ],
      collections: [],
      countries: [{ name: "United Kingdom", code: "GB", zone: "Europe" }]
    })
    const origin = `http://127.0.0.1:${port}`
    const seeded = await seed(`${origin}/admin-api`, options.now ?? Date.now())
    // Orders were placed just now; move each one's placed-at time to its day in the past.
    const orders = app.get(core.TransactionalConnection).rawConnection.getRepository(core.Order)
    for (const o of seeded.orders)
      await orders.update({ code: o.code }, { orderPlacedAt: new Date(o.placedAt) })
    return {
      origin,
      adminUrl: `${origin}/admin/`,
      ...seeded,
      bootMs,
      seedMs: Date.now() - started - bootMs,
      close
    }
  } catch (error) {
    await close()
    throw error
  }
}

/** Seeds through the Admin API, as a client would, and returns what was created. */
async function seed(api: string, now: number): Promise<{ customers: SeedCustomer[]; orders: SeedOrder[] }> {
  let token = ""
  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await fetch(api, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables })
    })
    token = response.headers.get("vendure-auth-token") ?? token
    const json = (await response.json()) as { data?: T; errors?: unknown[] }
    if (json.errors?.length || !json.data) throw new Error(`Vendure seed: ${JSON.stringify(json.errors)}`)
    // Mutations answer failures as ErrorResult objects rather than GraphQL errors.
    for (const value of Object.values(json.data as object))
      if (value && typeof value === "object" && "errorCode" in value)
        throw new Error(`Vendure seed: ${JSON.stringify(value)}`)
    return json.data
  }
  const onError = "... on ErrorResult { errorCode message }"

  await gql(
    `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { ... on CurrentUser { id } ${onError} } }`,
    {
      u: SUPERADMIN.username,
      p: SUPERADMIN.password
    }
  )
  const product = await gql<{ createProduct: { id: string } }>(
    `mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }`,
    { i: { translations: [{ languageCode: "en", name: "Teapot", slug: "teapot", description: "A teapot" }] } }
  )
  const variants = await gql<{ createProductVariants: { id: string; priceWithTax: number }[] }>(
    `mutation($i: [CreateProductVariantInput!]!) { createProductVariants(input: $i) { id priceWithTax } }`,
    {
      i: [
        {
          productId: product.createProduct.id,
          sku: "TEAPOT-1",
          price: UNIT_NET,
          stockOnHand: 1000,
          trackInventory: "FALSE",
          translations: [{ languageCode: "en", name: "Teapot" }]
        }
      ]
    }
  )
  const variant = variants.createProductVariants[0]
  if (variant.priceWithTax !== UNIT_GROSS) throw new Error(`unexpected gross price ${variant.priceWithTax}`)

  const customers: SeedCustomer[] = []
  for (const [firstName, lastName, email] of PEOPLE) {
    const c = await gql<{ createCustomer: { id: string } }>(
      `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { ... on Customer { id } ${onError} } }`,
      { i: { firstName, lastName, emailAddress: email } }
    )
    customers.push({ id: c.createCustomer.id, firstName, lastName, email })
  }

  const orders: SeedOrder[] = []
  for (const [who, quantity, daysAgo, state] of ORDERS) {
    const customer = customers[who]
    const draft = await gql<{ createDraftOrder: { id: string; code: string } }>(
      `mutation { createDraftOrder { id code } }`
    )
    const orderId = draft.createDraftOrder.id
    await gql(
      `mutation($o: ID!, $c: ID!) { setCustomerForDraftOrder(orderId: $o, customerId: $c) { ... on Order { id } ${onError} } }`,
      { o: orderId, c: customer.id }
    )
    const added = await gql<{ addItemToDraftOrder: { lines: { id: string }[] } }>(
      `mutation($o: ID!, $v: ID!, $q: Int!) { addItemToDraftOrder(orderId: $o, input: { productVariantId: $v, quantity: $q }) { ... on Order { lines { id } } ${onError} } }`,
      { o: orderId, v: variant.id, q: quantity }
    )
    await gql(
      `mutation($o: ID!) { setDraftOrderShippingAddress(orderId: $o, input: { fullName: "${customer.firstName} ${customer.lastName}", streetLine1: "1 High Street", city: "London", postalCode: "N1 9GU", countryCode: "GB" }) { id } }`,
      { o: orderId }
    )
    const methods = await gql<{ eligibleShippingMethodsForDraftOrder: { id: string }[] }>(
      `query($o: ID!) { eligibleShippingMethodsForDraftOrder(orderId: $o) { id } }`,
      { o: orderId }
    )
    await gql(
      `mutation($o: ID!, $s: ID!) { setDraftOrderShippingMethod(orderId: $o, shippingMethodId: $s) { ... on Order { id } ${onError} } }`,
      { o: orderId, s: methods.eligibleShippingMethodsForDraftOrder[0].id }
    )
    await gql(
      `mutation($o: ID!) { transitionOrderToState(id: $o, state: "ArrangingPayment") { ... on Order { id } ... on OrderStateTransitionError { errorCode message transitionError } } }`,
      { o: orderId }
    )
    const paid = await gql<{
      addManualPaymentToOrder: { code: string; state: string; totalWithTax: number }
    }>(
      `mutation($o: ID!) { addManualPaymentToOrder(input: { orderId: $o, method: "standard-payment", transactionId: "seed-${orderId}", metadata: {} }) { ... on Order { code state totalWithTax } ${onError} } }`,
      { o: orderId }
    )
    if (state !== "PaymentSettled") {
      const f = await gql<{ addFulfillmentToOrder: { id: string } }>(
        `mutation($l: [OrderLineInput!]!) { addFulfillmentToOrder(input: { lines: $l, handler: { code: "manual-fulfillment", arguments: [{ name: "method", value: "Royal Mail" }, { name: "trackingCode", value: "RM${orderId}" }] } }) { ... on Fulfillment { id } ${onError} } }`,
        { l: added.addItemToDraftOrder.lines.map((l) => ({ orderLineId: l.id, quantity })) }
      )
      for (const next of state === "Delivered" ? ["Shipped", "Delivered"] : ["Shipped"])
        await gql(
          `mutation($f: ID!, $s: String!) { transitionFulfillmentToState(id: $f, state: $s) { ... on Fulfillment { id } ${onError} } }`,
          { f: f.addFulfillmentToOrder.id, s: next }
        )
    }
    // Whole seconds, some hours into the day, so times compare exactly.
    const placedAt = Math.floor((now - daysAgo * 86_400_000 - 3 * 3_600_000) / 1000) * 1000
    orders.push({
      code: paid.addManualPaymentToOrder.code,
      customerId: customer.id,
      quantity,
      totalWithTax: paid.addManualPaymentToOrder.totalWithTax,
      currency: "USD",
      placedAt,
      state
    })
    const expected = quantity * UNIT_GROSS + SHIPPING
    if (paid.addManualPaymentToOrder.totalWithTax !== expected)
      throw new Error(`order total ${paid.addManualPaymentToOrder.totalWithTax}, expected ${expected}`)
  }
  return { customers, orders }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const office = await startVendure()
  console.log(
    `Vendure admin: ${office.adminUrl} (${SUPERADMIN.username}/${SUPERADMIN.password}); ` +
      `${office.customers.length} customers, ${office.orders.length} orders; booted in ${office.bootMs} ms`
  )
  process.on("SIGINT", () => void office.close().then(() => process.exit(0)))
}
