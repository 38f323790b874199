/** The signed redirect form, as `POST /v1/checkout` returns it. */
export interface SignedForm {
  action: string;
  method: 'POST' | 'GET';
  accept_charset: string;
  /** Flat fields; for H5 products a single `req_data` JSON string (lianlian-api.md §3.4). */
  fields: Readonly<Record<string, string>>;
  no_order: string;
}

/**
 * Builds the hidden form with DOM APIs. Values are set as properties, never spliced into markup:
 * H5's `req_data` is JSON full of quotes (lianlian-api.md §3).
 */
export function buildForm(doc: Document, signed: SignedForm): HTMLFormElement {
  const form = doc.createElement('form');
  form.method = signed.method;
  form.action = signed.action;
  form.acceptCharset = signed.accept_charset;
  // A page-wide <base target="_blank"> must not move the payment into a new tab.
  form.target = '_self';
  form.hidden = true;
  for (const [name, value] of Object.entries(signed.fields)) {
    const input = doc.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.append(input);
  }
  return form;
}
