/** Fixed "now" of the contact-detail tests: 2026-11-20T12:00:00Z (shared by the page and the test server). */
export const NOW = Date.parse('2026-11-20T12:00:00.000Z')
