/**
 * Async loads of a widget, on @lit/task: pending / complete / error, re-run when the arguments
 * change, and an AbortSignal per run. Starting a run aborts the previous run's signal and drops its
 * result, so a slow superseded request can never overwrite a newer one; loads check the signal
 * between calls so a superseded load stops issuing requests. Fires `crm-ready` after the first
 * successful load and `crm-load-error` on each failure, and renders the shared state templates.
 */
import { initialState, Task, TaskStatus } from '@lit/task'
import type { TemplateResult } from 'lit'
import type { CrmClient } from './context.js'
import type { CrmElement } from './crm-element.js'
import { emit } from './events.js'
import { emptyTemplate, errorTemplate, loadingTemplate } from './states.js'

/** Options of a {@link LoadController}. */
export interface LoadOptions<A extends readonly unknown[], T> {
  /** The arguments; a change (shallow) re-runs the load. The client is prepended by the controller. */
  readonly args: () => A
  /** The load. Call `signal.throwIfAborted()` between requests. */
  readonly load: (client: CrmClient, args: A, signal: AbortSignal) => Promise<T>
  /** Whether a result is "empty" (the empty state is shown instead of `complete`). */
  readonly isEmpty?: (value: T) => boolean
}

/** Renderers for {@link LoadController.render}; the shared state templates are the defaults. */
export interface LoadRenderers<T> {
  readonly complete: (value: T) => unknown
  readonly empty?: () => unknown
  readonly pending?: () => unknown
  readonly error?: (error: unknown) => unknown
}

/** The load of one widget. */
export class LoadController<A extends readonly unknown[], T> {
  /** The @lit/task underneath (status, value, error). */
  readonly task: Task<readonly [CrmClient | undefined, ...A], T>
  private currentSignal: AbortSignal | undefined
  private readySent = false
  private readonly host: CrmElement
  private readonly options: LoadOptions<A, T>

  constructor(host: CrmElement, options: LoadOptions<A, T>) {
    this.host = host
    this.options = options
    this.task = new Task(host, {
      args: () => [host.crm, ...options.args()] as const,
      task: async ([client, ...args], { signal }) => {
        // No client yet (no provider found): stay in the initial, loading-looking state.
        if (!client) return initialState
        this.currentSignal = signal
        try {
          const value = await options.load(client, args as unknown as A, signal)
          signal.throwIfAborted()
          if (!this.readySent) {
            this.readySent = true
            emit(host, 'crm-ready', { element: host.localName })
          }
          return value
        } catch (error) {
          if (!signal.aborted) emit(host, 'crm-load-error', { element: host.localName, error })
          throw error
        }
      },
    })
  }

  /** The signal of the latest run (aborted once a newer run starts). */
  get signal(): AbortSignal | undefined {
    return this.currentSignal
  }

  /** True while loading, including before a client is found. */
  get pending(): boolean {
    return this.task.status === TaskStatus.PENDING || this.task.status === TaskStatus.INITIAL
  }

  /** Run the load again (the retry button; live updates). */
  retry = (): void => {
    void this.task.run().catch(() => {
      // The error is shown by the error state and reported by `crm-load-error`.
    })
  }

  /** Render the current state: loading, error (role=alert + retry), empty, or `complete(value)`. */
  render(renderers: LoadRenderers<T>): unknown {
    const i18n = this.host.i18n
    const pending = renderers.pending ?? (() => loadingTemplate(i18n))
    return this.task.render({
      initial: pending,
      pending,
      error: (error) => (renderers.error ? renderers.error(error) : errorTemplate(i18n, error, this.retry)),
      complete: (value): unknown => {
        if (this.options.isEmpty?.(value))
          return renderers.empty ? renderers.empty() : emptyTemplate(i18n.t('common.empty'))
        return renderers.complete(value)
      },
    })
  }
}

export type { TemplateResult }
/** Re-exported for elements that switch on the status themselves. */
export { TaskStatus }
