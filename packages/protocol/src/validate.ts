import type { Fields } from './canonical.js';
import { ConfigError, ValidationError, type FieldViolation } from './errors.js';
import { FORMAT_CHECKS, ONLINE_BANKING_PAY_TYPES, type FieldRule } from './fields.js';
import { PRODUCT_FIELDS, type FieldTable } from './product-fields.js';
import type { Product } from './products.js';

type Present = ReadonlyMap<string, string>;

/**
 * Every violation of the product's field rules (spec §3.1–§3.4, §7): unknown fields, missing
 * required ones, `String(n)` lengths, allowed values, formats and the cross-field rules. Values of
 * secret fields are never echoed; enum mismatches show a short excerpt of the value.
 */
export function validateFields(product: Product, fields: Fields): FieldViolation[] {
  return collect(product, tableFor(product), fields);
}

/** As `validateFields`, for a request as it reaches LianLian: `sign` and `sign_type` are required too. */
export function validateSignedFields(product: Product, fields: Fields): FieldViolation[] {
  const table = tableFor(product);
  const signed: FieldTable = {
    ...table,
    sign: { ...table.sign, required: true },
    sign_type: { ...table.sign_type, required: true },
  };
  return collect(product, signed, fields);
}

/** Throws a `ValidationError` listing every violation, or returns when the fields are valid. */
export function assertValidFields(product: Product, fields: Fields): void {
  const violations = validateFields(product, fields);
  if (violations.length > 0) {
    throw new ValidationError(
      violations,
      `${violations.length} field(s) break LianLian's rules for the ${product} product: ` +
        violations.map((v) => `${v.field} (${v.rule}): ${v.message}`).join('; '),
    );
  }
}

function tableFor(product: Product): FieldTable {
  const table: FieldTable | undefined = (PRODUCT_FIELDS as Record<string, FieldTable>)[product];
  if (!table) {
    throw new ConfigError('unknown_product', `Unknown product "${String(product).slice(0, 20)}"; use one of ${Object.keys(PRODUCT_FIELDS).join(', ')}.`);
  }
  return table;
}

function collect(product: Product, table: FieldTable, fields: Fields): FieldViolation[] {
  const present = new Map<string, string>();
  for (const [k, v] of Object.entries(fields)) {
    if (v !== null && v !== undefined && String(v) !== '') present.set(k, String(v));
  }
  const out: FieldViolation[] = [];
  for (const key of present.keys()) {
    if (!Object.hasOwn(table, key)) {
      out.push({ field: key, rule: 'unknown_field', message: `is not a field of the ${product} product (PRODUCT_SPECS.${product}.fields lists them); remove it or check its spelling.` });
    }
  }
  for (const [field, rule] of Object.entries(table)) {
    const value = present.get(field);
    if (value === undefined) {
      if (rule.required) out.push({ field, rule: 'required', message: `is required for the ${product} product.` });
    } else {
      const v = checkValue(field, rule, value);
      if (v) out.push(v);
    }
  }
  // A "null" value is already reported as such; cross-field rules would only repeat it.
  out.push(...crossChecks(new Map([...present].filter(([, v]) => !isNullText(v)))));
  const risk = present.get('risk_item');
  if (risk !== undefined) out.push(...nullsInRiskItem(risk));
  return out;
}

const NULL_CAUSE = 'almost always a missing value turned into text by the shop backend (String(null) in Java or JavaScript, str(None), strval(null))';

/** The literal string "null" in any case, after trimming (spec §8 #12). */
function isNullText(value: string): boolean {
  return value.trim().toLowerCase() === 'null';
}

/**
 * `risk_item`'s own values are not separate fields of the signed string, so the two "null" rules do
 * not differ on them; but the same String(null) put them there, and LianLian's risk checks would
 * take "null" as the buyer's real phone, name or id (spec §3.6). So they are refused too.
 */
function nullsInRiskItem(json: string): FieldViolation[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return []; // reported by the json_object format check
  }
  const out: FieldViolation[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'string' && isNullText(value)) {
      out.push({ field: path, rule: 'null_value', message: `is the string "null", ${NULL_CAUSE}. Leave the key out of risk_item instead.` });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${path}[${i}]`));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
    }
  };
  walk(parsed, 'risk_item');
  return out;
}

function checkValue(field: string, rule: FieldRule, value: string): FieldViolation | undefined {
  // LianLian's own verifiers disagree on whether a "null" value is part of the signed string (spec
  // §8 #12, §9), so a form carrying one fails under one of them: it is never signed.
  if (isNullText(value)) {
    return { field, rule: 'null_value', message: `is the string "null", ${NULL_CAUSE}. Omit the field or send the real value: LianLian's verifiers disagree on whether "null" is signed (spec §8 #12), so such a form fails.` };
  }
  // Spec §2.1 "Whitespace": no trimming is documented and the demos differ, so what is signed must
  // not depend on whether LianLian trims.
  if (value.trim() !== value) {
    return { field, rule: 'whitespace', message: 'starts or ends with whitespace; trim it before signing, because LianLian may trim it and then the signature would not match.' };
  }
  if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    return { field, rule: 'max_length', message: `is ${value.length} characters; LianLian allows at most ${rule.maxLength} (String(${rule.maxLength})).` };
  }
  if (rule.values && !rule.values.includes(value)) {
    const shown = rule.secret ? `a ${value.length}-character value` : `"${value.slice(0, 16)}"`;
    return { field, rule: 'allowed_values', message: `is ${shown}; allowed values: ${rule.values.join(', ')}.` };
  }
  if (rule.format) {
    const check = FORMAT_CHECKS[rule.format];
    const problem = check.check(value);
    if (problem) return { field, rule: check.rule, message: `${problem}; got ${value.length} characters that do not fit.` };
  }
  return undefined;
}

/** Rules that span fields (spec §3.2, §3.3, §7). */
function crossChecks(present: Present): FieldViolation[] {
  const out: FieldViolation[] = [];
  if (present.has('col_oidpartner') && present.has('col_userid')) {
    out.push({ field: 'col_userid', rule: 'forbidden', message: 'cannot be sent together with col_oidpartner (spec §3.2); send only one recipient.' });
  }
  const payType = present.get('pay_type');
  // bank_code sends the buyer straight to one online bank (§3.1); a card payment (quick pay 2/3,
  // verified D, Easy Pay M/F) or a wallet has no bank to pick.
  if (present.has('bank_code') && payType !== undefined && !ONLINE_BANKING_PAY_TYPES.includes(payType)) {
    out.push({
      field: 'bank_code',
      rule: 'forbidden',
      message: `picks an online bank, so it only goes with pay_type 1, 8 or 9 (online banking); pay_type is ${payType.slice(0, 4)}. Remove bank_code, or leave pay_type out.`,
    });
  }
  const idNo = present.get('id_no');
  const idType = present.get('id_type') ?? '0';
  if (idNo !== undefined && idType === '0' && !/^(?:[0-9]{15}|[0-9]{17}[0-9Xx])$/.test(idNo)) {
    out.push({ field: 'id_no', rule: 'pattern', message: `must be a 15- or 18-character ID card number for id_type 0; got ${idNo.length} characters.` });
  }
  return out;
}
