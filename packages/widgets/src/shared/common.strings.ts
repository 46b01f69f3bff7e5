/**
 * Strings every widget uses (loading, error, retry). Element strings live beside each element in
 * `<name>.strings.ts`, keyed `<elementName>.<key>`; all are in en, de, ko and zh.
 */
import type { Translations } from './localize.js'

/** The shared strings, by locale. */
export const commonStrings: Translations = {
  en: {
    'common.loading': 'Loading…',
    'common.error': 'Something went wrong.',
    'common.retry': 'Try again',
    'common.empty': 'Nothing here yet.',
  },
  de: {
    'common.loading': 'Wird geladen…',
    'common.error': 'Etwas ist schiefgelaufen.',
    'common.retry': 'Erneut versuchen',
    'common.empty': 'Noch nichts vorhanden.',
  },
  ko: {
    'common.loading': '불러오는 중…',
    'common.error': '문제가 발생했습니다.',
    'common.retry': '다시 시도',
    'common.empty': '아직 항목이 없습니다.',
  },
  zh: {
    'common.loading': '加载中…',
    'common.error': '出错了。',
    'common.retry': '重试',
    'common.empty': '暂无内容。',
  },
}

/** Merge translation tables (later ones win per key). */
export function mergeTranslations(...tables: Translations[]): Translations {
  const out: Record<string, Record<string, unknown>> = {}
  for (const table of tables) {
    for (const [locale, strings] of Object.entries(table)) out[locale] = { ...out[locale], ...strings }
  }
  return out as Translations
}
