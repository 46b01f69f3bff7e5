/**
 * Test support: a widget in each of its states (loading, empty, error, data), on a real in-page crm.
 */
import type { TenantCrm } from '@crmkit/core'
import { createTestCrm, seedContacts, settled, waitFor } from './crm.js'

/** The states every element defines. */
export const states = ['loading', 'empty', 'error', 'data'] as const
/** One of {@link states}. */
export type WidgetState = (typeof states)[number]

/** A client for `state`: one that never answers, no contacts, one that fails, or 40 contacts. */
export async function clientFor(state: WidgetState): Promise<TenantCrm> {
  const { t } = await createTestCrm()
  if (state === 'data') await seedContacts(t, 40)
  if (state === 'loading' || state === 'error') {
    const list = () =>
      state === 'loading' ? new Promise<never>(() => {}) : Promise.reject(new Error('The CRM is unreachable'))
    return { ...t, contacts: { ...t.contacts, list } } as TenantCrm
  }
  return t
}

/** Wait until a list shows `state`. */
export async function reach(list: HTMLElement, state: WidgetState): Promise<void> {
  const root = () => list.shadowRoot
  const shown: Record<WidgetState, () => boolean> = {
    loading: () => root()?.querySelector('[part=loading]') !== null,
    empty: () => root()?.querySelector('[part=empty]') !== null,
    error: () => root()?.querySelector('[role=alert]') !== null,
    data: () => (root()?.querySelectorAll('[role=row][data-row]').length ?? 0) > 0,
  }
  await waitFor(shown[state], `the ${state} state`)
  if (state === 'data') await settled(list)
}
