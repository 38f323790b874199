/**
 * Attribute values the elements would otherwise ignore or misread silently: a test per attribute,
 * for the development-mode warning (the expected forms are in docs/widget.md).
 */
export type AttributeRules = Readonly<Record<string, { test(value: string): boolean }>>;

/** `lang`: `zh*` shows Chinese, `en*` English; anything else (`zh_CN`, `cn`, `fr`) English too. */
export const LANG = /^$|^(zh|en)(-|$)/i;

/** `timeout`, `interval`, `time-limit`: a whole number of milliseconds. */
export const MILLISECONDS = /^[1-9]\d*$/;

/** `amount`: yuan, `9` or `9.90`, no currency sign. */
export const AMOUNT = /^\d+(\.\d\d)?$/;
