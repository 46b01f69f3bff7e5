/**
 * The allowed import directions of the monorepo, in one place. `npm run lint` runs
 * dependency-cruiser with this file, so a forbidden import fails lint and CI.
 *
 * Packages (ground floor first):  core  <-  storage-adapters, analytics  <-  widgets
 *   core imports no package of ours; analytics imports only core; storage-adapters only core.
 *   (One declared exception: analytics' CRM test harness seeds tenants through storage-adapters.)
 *
 * Inside core (ground floor first):
 *   foundation  clock.ts ids.ts errors.ts, storage/ (the port), filter/, shared/, events/
 *   domain      contacts/ companies/ pipeline/ activities/ custom-fields/ attribution/ insights/ ...
 *   wiring      crm.ts, lazy-services.ts, tenant-api.ts, index.ts (may import anything in core)
 *   top         http/ (the fetch handler and the remote client over tenant-api): may import anything
 *               in core; nothing in core imports it (it is reached through its own package entries)
 * The foundation never imports a domain folder or the wiring. A domain folder imports the
 * foundation and its own files; it imports another domain folder only through a seam
 * listed in `seams` below, each with the reason it exists. No import cycles anywhere.
 */

const core = '^packages/core/src/'

/** Folders of core that every layer may stand on. */
const foundation = ['shared', 'filter', 'storage', 'events']
/** Files at core's root that belong to the foundation. */
const foundationFiles = ['clock', 'ids', 'errors']

/**
 * Folders of core above the wiring: they serve the whole tenant API (`tenant-api.ts`) to the
 * outside, so they may import anything in core, and nothing in core may import them.
 */
const top = ['http']

/**
 * Folders of core that hold a domain concept. A new folder is a domain folder unless it is
 * added to `foundation` or `top`: every other folder under core/src counts.
 */
const domainFolder = `${core}(?!(?:${[...foundation, ...top].join('|')})/)[^/]+/`

/**
 * The declared seams between domain folders: `from` may import exactly the modules matched
 * by `to` (paths relative to core/src). Everything else across domain folders is forbidden.
 */
const seams = [
  // Entities with custom fields validate them against the tenant's definitions and hand
  // their shapes to the filter resolver.
  ...['contacts', 'companies', 'pipeline'].map((from) => ({
    from,
    to: 'custom-fields/(service|validate|merge)\\.ts$',
    why: 'entities validate and filter their custom fields by the tenant definitions',
  })),
  {
    from: 'insights',
    to: 'custom-fields/(service|schemas)\\.ts$',
    why: 'cubes group and filter by custom fields, so they load the definitions of an entity',
  },
  {
    from: 'insights',
    to: 'pipeline/records\\.ts$',
    why: 'the transition log is read as pipeline records (DealTransition)',
  },
  {
    from: 'contacts',
    to: 'segmentation/explain-(contact|tree)\\.ts$',
    why: 't.contacts.explain loads the explanation of a condition on first use (its result type is ExplainNode)',
  },
  {
    from: 'attribution',
    to: 'pipeline/records\\.ts$',
    why: 'a won deal becomes conversions: attribution reads the Deal record; pipeline does not know attribution (crm.ts wires the hook)',
  },
  {
    from: 'segmentation',
    to: '(custom-fields/service|contacts/records)\\.ts$',
    why: 'segments select contacts: they filter by the contact custom fields and return Contact records',
  },
]

const foundationPath = [
  ...foundation.map((folder) => `${core}${folder}/`),
  ...foundationFiles.map((file) => `${core}${file}\\.ts$`),
]

/** The domain folders of core. A folder that is neither here nor in `foundation` fails lint (unknown-domain-folder). */
const domains = [
  'activities',
  'attribution',
  'companies',
  'contacts',
  'custom-fields',
  'insights',
  'pipeline',
  'segmentation',
]

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make layers meaningless and module initialisation order fragile.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-no-package-of-ours',
      severity: 'error',
      comment: 'core is the ground floor: storage-adapters, analytics and widgets stand on it, never the reverse.',
      from: { path: '^packages/core/' },
      to: { path: ['^packages/(?!core/)', '^@crmkit/(?!core($|/))', '^node_modules/@crmkit/(?!core/)'] },
    },
    {
      name: 'analytics-imports-only-core',
      severity: 'error',
      comment:
        'analytics is pure statistics over plain data and core types; it knows no adapter. Its CRM tests (crm/__tests__/harness.ts) seed a tenant on every adapter through storage-adapters: a sibling, not a floor above, and storage-adapters never imports analytics.',
      from: { path: '^packages/analytics/', pathNot: '^packages/analytics/src/[^/]+/__tests__/harness\\.ts$' },
      to: {
        path: ['^packages/(?!analytics/|core/)', '^@crmkit/(?!core($|/))', '^node_modules/@crmkit/(?!core/)'],
      },
    },
    {
      name: 'storage-adapters-import-only-core',
      severity: 'error',
      comment: 'adapters implement the port of core; they do not depend on analytics.',
      from: { path: '^packages/storage-adapters/' },
      to: {
        path: [
          '^packages/(?!storage-adapters/|core/)',
          '^@crmkit/(?!(core|storage-adapters)($|/))',
          '^node_modules/@crmkit/(?!core/|storage-adapters/)',
        ],
      },
    },
    {
      name: 'widgets-import-only-core-and-analytics',
      severity: 'error',
      comment:
        'widgets stand on core (and may use analytics); their test support (src/testing/) runs a real crmkit on the memory adapter in the page, a test-only sibling import.',
      from: { path: '^packages/widgets/', pathNot: '^packages/widgets/src/testing/' },
      to: {
        path: [
          '^packages/(?!widgets/|core/|analytics/)',
          '^@crmkit/(?!(core|analytics)($|/))',
          '^node_modules/@crmkit/(?!core/|analytics/)',
        ],
      },
    },
    {
      name: 'widgets-use-core-types-only',
      severity: 'error',
      comment:
        'widgets hold no domain logic and call only the TenantCrm interface, so the same elements run on a local crm and on the remote client: `import type` from core (tests and test support excepted).',
      from: { path: '^packages/widgets/src/', pathNot: ['\\.test\\.ts$', '^packages/widgets/src/testing/'] },
      to: { path: ['^packages/core/', '^node_modules/@crmkit/core/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'foundation-imports-no-domain',
      severity: 'error',
      comment:
        'shared/, filter/, storage/, events/, clock, ids and errors are the ground floor of core: they never import a domain folder or the wiring (crm.ts, lazy-services.ts, index.ts).',
      from: { path: foundationPath },
      to: { path: core, pathNot: foundationPath },
    },
    {
      name: 'domain-imports-no-wiring',
      severity: 'error',
      comment: 'crm.ts, lazy-services.ts and index.ts assemble the domains; a domain folder never imports them.',
      from: { path: domainFolder },
      to: { path: `${core}[^/]+\\.ts$`, pathNot: foundationPath },
    },
    ...domains.map((domain) => ({
      name: `${domain}-only-through-seams`,
      severity: 'error',
      comment: [
        `${domain}/ imports another domain folder only through a declared seam:`,
        ...seams.filter((s) => s.from === domain).map((s) => `${s.to} (${s.why})`),
      ].join(' '),
      from: { path: `${core}${domain}/` },
      to: {
        path: domainFolder,
        pathNot: [`${core}${domain}/`, ...seams.filter((s) => s.from === domain).map((s) => `${core}${s.to}`)],
      },
    })),
    {
      name: 'nothing-imports-top',
      severity: 'error',
      comment:
        'http/ is the top layer over tenant-api (handler, remote client): the rest of core never imports it, so the initial bundle and the domain stay free of transport code.',
      from: { path: core, pathNot: top.map((t) => `${core}${t}/`) },
      to: { path: top.map((t) => `${core}${t}/`) },
    },
    {
      name: 'unknown-domain-folder',
      severity: 'error',
      comment:
        'every folder of core/src is foundation or a listed domain: add a new folder to `domains` (or `foundation`) in .dependency-cruiser.cjs',
      from: { path: domainFolder, pathNot: domains.map((d) => `${core}${d}/`) },
      to: {},
    },
  ],
  options: {
    // Another package is seen through its published entry (dist/ or the package name when
    // not built yet): enough to check the arrow, without cruising its build output.
    doNotFollow: { path: ['(^|/)node_modules/', '(^|/)dist/'] },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
}
