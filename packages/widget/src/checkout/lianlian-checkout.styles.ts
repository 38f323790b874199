import { css } from '../shared/sheet.js';
import { themeStyles } from '../shared/theme.styles.js';

export const checkoutStyles = [
  themeStyles,
  css`
    @layer lianlian-checkout {
      button {
        display: inline-flex;
        align-items: center;
        gap: calc(var(--_spacing) / 2);
        min-height: 44px;
        padding: calc(var(--_spacing) * 0.75) calc(var(--_spacing) * 1.75);
        border: 1px solid transparent;
        border-radius: var(--_radius);
        background: var(--_accent);
        color: var(--_accent-text);
        font: inherit;
        cursor: pointer;
      }
      button:focus-visible {
        outline: 3px solid var(--_accent);
        outline-offset: 2px;
      }
      [aria-disabled='true'],
      :disabled {
        cursor: not-allowed;
        opacity: 0.6;
      }
      [part='message'] {
        margin-top: calc(var(--_spacing) / 2);
        font-size: 0.875em;
      }
      :host([status='error']) [part='message'] {
        color: var(--_error);
      }
      /* Forced colours drop the background: keep the button's outline visible. */
      @media (forced-colors: active) {
        button {
          border-color: ButtonText;
        }
      }
    }
  `,
];
