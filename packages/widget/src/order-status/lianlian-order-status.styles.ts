import { css } from '../shared/sheet.js';
import { themeStyles } from '../shared/theme.styles.js';

export const orderStatusStyles = [
  themeStyles,
  css`
    @layer lianlian-checkout {
      [part='message'] {
        display: flex;
        align-items: center;
        gap: calc(var(--_spacing) / 2);
        padding: var(--_spacing);
        border: 1px solid var(--_accent);
        border-radius: var(--_radius);
      }
      [part='retry'] {
        margin-inline-start: auto;
        color: var(--_accent);
      }
      :host([status='paid']) [part='message'] {
        border-color: var(--lianlian-checkout-success, #146c2e);
      }
      :host(:is([status='failed'], [status='expired'], [status='error'])) [part='message'] {
        border-color: var(--_error);
      }
    }
  `,
];
