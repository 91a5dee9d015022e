// Where things are in Vendure's admin UI (the Angular app `@vendure/admin-ui-plugin` serves at /admin),
// checked against Vendure 3.7.3 running locally (test/backoffice/vendure). A self-hosted admin lives on
// the shop's own origin, so pages are recognised by path, and only on origins the user allowed.

/** The admin's route (`AdminUiPlugin.init({ route: "admin" })`, Vendure's default). */
export const ADMIN_PATH = /^\/admin(?:\/|$)/

export const paths = {
  /** `/admin/orders/<id>`: one order (draft orders live at `/admin/orders/draft/<id>`). */
  orderDetail: /^\/admin\/orders\/(\d+)\/?$/,
  /** `/admin/customer/customers`: the customer list. */
  customerList: /^\/admin\/customer\/customers\/?$/,
  /** `/admin/customer/customers/<id>`: one customer, with their orders. */
  customerDetail: /^\/admin\/customer\/customers\/(\d+)\/?$/
} as const

export const selectors = {
  /** The customer name the admin shows in order rows and on the order page: a link to the customer. */
  customerLabel: "vdr-customer-label",
  /** Inside a customer label: the name itself. */
  customerLabelName: 'a[href*="/customer/customers/"] > span',
  /** The customer list (`/admin/customers`): each row's name is a link to the customer, the name in a span
   *  (`<a class="button-ghost" href=".../customer/customers/<id>"><span> title first last </span>`). */
  customerListLink: 'vdr-customer-list vdr-data-table-2 a.button-ghost[href*="/customer/customers/"]',
  /** Inside a customer-list link: the name. */
  customerListName: ":scope > span",
  /** The page title; on a customer page it is the customer's name. */
  pageTitle: "vdr-page-title h1",
  /** Rows of the orders list (the admin's data table on the order-list page). */
  orderRow: "vdr-order-list vdr-data-table-2 tbody tr"
} as const

/** The Admin API, on the admin's own origin (`apiOptions.adminApiPath`, default "admin-api"). */
export const apiPatterns = [/^https?:\/\/[^/]+\/admin-api(?:[?#]|$)/] as const
