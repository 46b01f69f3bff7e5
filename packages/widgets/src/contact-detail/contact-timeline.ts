/**
 * The contact's activity timeline (an `<ol>` of `<time datetime>` entries, newest first,
 * relative dates via Intl.RelativeTimeFormat), the form that logs a call, note or meeting, and
 * the contact's tasks with due dates.
 */
import type { Activity, Task } from '@crmkit/core'
import { html, nothing, type TemplateResult } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import type { LocalizeController } from '../shared/localize.js'

/** Activity types a user logs by hand. */
export const loggableTypes = ['call', 'note', 'meeting'] as const

/** The timeline list. */
export function renderTimeline(activities: readonly Activity[], i18n: LocalizeController, now: number): TemplateResult {
  if (activities.length === 0)
    return html`<p class="muted" part="timeline-empty">${i18n.t('contactDetail.timelineEmpty')}</p>`
  return html`<ol class="timeline" part="timeline">
    ${repeat(
      activities,
      (a) => a.id,
      (a) => html`<li part="timeline-item">
        <span class="kind" part="timeline-type">${i18n.t(`contactDetail.type.${a.type}`)}</span>
        ${a.subject ? html`<span class="subject">${a.subject}</span>` : nothing}
        <time datetime=${a.occurredAt} title=${i18n.date(a.occurredAt, { dateStyle: 'medium', timeStyle: 'short' })}
          >${i18n.relative(a.occurredAt, now)}</time
        >
        ${a.body ? html`<p class="body">${a.body}</p>` : nothing}
      </li>`,
    )}
  </ol>`
}

/** The "log an activity" form. */
export function renderLogForm(
  i18n: LocalizeController,
  busy: boolean,
  onSubmit: (event: SubmitEvent) => void,
): TemplateResult {
  return html`<form class="log" part="log-form" @submit=${onSubmit} aria-labelledby="log-heading">
    <h4 id="log-heading">${i18n.t('contactDetail.logHeading')}</h4>
    <div class="field">
      <label for="log-type">${i18n.t('contactDetail.logType')}</label>
      <select id="log-type" name="type">
        ${loggableTypes.map((type) => html`<option value=${type}>${i18n.t(`contactDetail.type.${type}`)}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="log-subject">${i18n.t('contactDetail.logSubject')}</label>
      <input id="log-subject" name="subject" required maxlength="500" autocomplete="off" />
    </div>
    <div class="field">
      <label for="log-body">${i18n.t('contactDetail.logBody')}</label>
      <textarea id="log-body" name="body" rows="3"></textarea>
    </div>
    <button type="submit" part="log-button" ?disabled=${busy}>${i18n.t('contactDetail.logSubmit')}</button>
  </form>`
}

/** The task list and the "add a task" form. */
export function renderTasks(
  tasks: readonly Task[],
  i18n: LocalizeController,
  now: number,
  busy: boolean,
  onToggle: (task: Task) => void,
  onSubmit: (event: SubmitEvent) => void,
): TemplateResult {
  return html`${
    tasks.length === 0
      ? html`<p class="muted" part="tasks-empty">${i18n.t('contactDetail.tasksEmpty')}</p>`
      : html`<ul class="tasks" part="tasks">
          ${repeat(
            tasks,
            (task) => task.id,
            (task) => html`<li part="task" class=${task.status === 'completed' ? 'done' : ''}>
              <label class="check"
                ><input type="checkbox" .checked=${task.status === 'completed'} @change=${() => onToggle(task)} />${task.title}</label
              >
              ${
                task.dueAt
                  ? html`<span class=${task.status === 'open' && Date.parse(task.dueAt) < now ? 'due overdue' : 'due'}
                      >${i18n.t('contactDetail.due')}
                      <time datetime=${task.dueAt} title=${i18n.date(task.dueAt)}>${i18n.relative(task.dueAt, now)}</time></span
                    >`
                  : nothing
              }
            </li>`,
          )}
        </ul>`
  }
    <form class="task-form" part="task-form" @submit=${onSubmit} aria-labelledby="task-heading">
      <h4 id="task-heading">${i18n.t('contactDetail.taskHeading')}</h4>
      <div class="field">
        <label for="task-title">${i18n.t('contactDetail.taskTitle')}</label>
        <input id="task-title" name="title" required maxlength="500" autocomplete="off" />
      </div>
      <div class="field">
        <label for="task-due">${i18n.t('contactDetail.taskDue')}</label>
        <input id="task-due" name="due" type="date" />
      </div>
      <button type="submit" part="task-button" ?disabled=${busy}>${i18n.t('contactDetail.taskSubmit')}</button>
    </form>`
}
