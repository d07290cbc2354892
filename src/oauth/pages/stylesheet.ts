/**
 * The hosted UI's default stylesheet, served at `${base}/assets/cognate.css` (the CSP allows
 * only same-origin styles: no inline ones). Plain, legible, fluid from a phone to a desktop; a
 * client's own styles (the account pages' `style.css`) come after it and may override any rule.
 */
export const COGNATE_CSS = `*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:100%;line-height:1.5;color:#1b1f24;background:#f3f4f6}
body{margin:0;padding:1rem;min-height:100vh;display:flex;align-items:flex-start;justify-content:center}
.cognate-card{width:100%;max-width:26rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #d0d5dd;border-radius:.5rem}
.cognate-logo{display:block;max-width:100%;max-height:5rem;margin:0 auto 1rem}
h1{font-size:1.5rem;margin:0 0 1rem}
.cognate-form{display:flex;flex-direction:column;gap:1rem}
.cognate-field{display:flex;flex-direction:column;gap:.25rem}
label,legend{font-weight:600}
fieldset{border:0;margin:0;padding:0;display:flex;flex-direction:column;gap:.5rem}
.cognate-choice{display:flex;align-items:center;gap:.5rem;font-weight:400}
input[type=text],input[type=password],input[type=email],input[type=tel],input[type=number]{width:100%;font:inherit;padding:.6rem .75rem;border:1px solid #8a94a6;border-radius:.375rem;background:#fff;color:inherit}
input:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
.cognate-invalid input{border-color:#b42318}
.cognate-hint{margin:0;font-size:.875rem;color:#4b5563}
.cognate-field-error,.cognate-error{margin:0;color:#b42318}
.cognate-error{padding:.75rem;border:1px solid #b42318;border-radius:.375rem;background:#fef3f2}
.cognate-notice{margin:0 0 1rem;padding:.75rem;border:1px solid #1d4ed8;border-radius:.375rem;background:#eff6ff}
.cognate-submit,.cognate-form button[type="submit"]{font:inherit;font-weight:600;padding:.7rem 1rem;border:0;border-radius:.375rem;background:#1d4ed8;color:#fff;cursor:pointer}
.cognate-submit:hover,.cognate-form button[type="submit"]:hover{background:#1e40af}
.cognate-link{margin:.75rem 0 0;text-align:center}
.cognate-idps{display:flex;flex-direction:column;gap:.5rem;margin:0 0 1.25rem}
.cognate-idp{display:block;text-align:center;font-weight:600;padding:.65rem 1rem;border:1px solid #8a94a6;border-radius:.375rem;text-decoration:none;color:inherit}
.cognate-idp:hover{background:#eef2ff}
a{color:#1d4ed8}
.cognate-qr{width:14rem;max-width:100%;margin:0 auto;background:#fff;padding:.5rem}
.cognate-qr svg{display:block;width:100%;height:auto}
.cognate-secret{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all;font-size:1rem;padding:.5rem;background:#f3f4f6;border-radius:.25rem}
@media (prefers-color-scheme:dark){html{color:#e5e7eb;background:#111827}.cognate-card{background:#1f2937;border-color:#374151}input[type=text],input[type=password],input[type=email],input[type=tel],input[type=number]{background:#111827;border-color:#6b7280}.cognate-hint{color:#9ca3af}.cognate-secret{background:#111827}a{color:#93c5fd}.cognate-error{background:#3b1212}.cognate-notice{background:#172554}}
`;
