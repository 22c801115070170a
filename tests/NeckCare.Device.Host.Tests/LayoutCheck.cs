using System.Text.Json;
using Microsoft.Playwright;

namespace NeckCare.Device.Host.Tests;

/// <summary>
/// What a screenshot cannot assert: no two visible controls or texts overlap, and every control is at
/// least 44×44 px (a finger's size). Texts are measured by what they paint (a range over their content),
/// so a level that overflows its box onto the + button is caught, not just boxes that touch. The fixed
/// Stop bar is an overlay by design (the page scrolls under it) and is only size-checked; when the
/// "unplug" screen is up it covers everything, and only what is on it is checked.
/// </summary>
internal static class LayoutCheck
{
    private const string Script = """
        () => {
          const unplug = document.querySelector('#unplug:not([hidden])');
          const root = unplug ?? document.body;
          const controls = 'button, select, input, summary, a';
          const texts = 'h1, h2, h3, p, li, label, legend, output, figcaption, .brand, .link, #countdown';
          const shown = (e) => {
            const r = e.getBoundingClientRect();
            const cs = getComputedStyle(e);
            const folded = e.closest('details:not([open])') !== null && e.closest('summary') === null;
            return !folded && r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
          };
          const name = (e) => e.id ? '#' + e.id : e.tagName.toLowerCase() + (e.textContent ? ` "${e.textContent.trim().slice(0, 30)}"` : '');
          const painted = (e) => {
            const box = e.getBoundingClientRect();
            const range = document.createRange();
            range.selectNodeContents(e);
            const text = range.getBoundingClientRect();
            if (text.width === 0 || text.height === 0 || e.matches('.link, select')) return box; // a cut-short name, or a list's options
            return { left: Math.min(box.left, text.left), top: Math.min(box.top, text.top), right: Math.max(box.right, text.right), bottom: Math.max(box.bottom, text.bottom) };
          };
          const all = [...root.querySelectorAll(controls + ', ' + texts)].filter(shown);
          const problems = [];
          for (const e of all.filter((e) => e.matches(controls))) {
            const target = e.matches('input[type=radio], input[type=checkbox]') ? (e.closest('label') ?? e) : e;
            const r = target.getBoundingClientRect();
            if (r.width < 44 || r.height < 44) problems.push(`${name(e)} is ${Math.round(r.width)}×${Math.round(r.height)} px`);
          }
          const laid = all.filter((e) => !e.closest('.stop-bar')).map((e) => [e, painted(e)]);
          for (let i = 0; i < laid.length; i++) {
            for (let j = i + 1; j < laid.length; j++) {
              const [a, ra] = laid[i]; const [b, rb] = laid[j];
              if (a.contains(b) || b.contains(a)) continue;
              const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
              const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
              if (w > 1 && h > 1) problems.push(`${name(a)} overlaps ${name(b)} by ${Math.round(w)}×${Math.round(h)} px`);
            }
          }
          return problems;
        }
        """;

    public static async Task AssertTidyAsync(IPage page, string screen)
    {
        var problems = await page.EvaluateAsync<JsonElement>(Script);
        var list = problems.EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.True(list.Count == 0, $"{screen} at {page.ViewportSize?.Width} px: {string.Join("; ", list)}");
    }
}
