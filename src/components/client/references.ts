/** Copy buttons of the references section: each copies the BibTeX block next to it. */
export function hydrateReferences(): void {
  document.querySelectorAll<HTMLButtonElement>('.references button.copy').forEach((b) => {
    if (!b.hidden) return;
    b.hidden = false;
    b.addEventListener('click', async () => {
      const pre = b.closest('details')!.querySelector('pre')!;
      try {
        await navigator.clipboard.writeText(pre.textContent ?? '');
        b.textContent = 'Copied';
      } catch {
        window.getSelection()?.selectAllChildren(pre);
        b.textContent = 'Selected';
      }
      setTimeout(() => (b.textContent = 'Copy'), 1500);
    });
  });
}
