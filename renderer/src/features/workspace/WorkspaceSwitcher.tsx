import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { Workspace } from '../../../../contract/bridge/session.ts';
import { useUiStore } from '../../ui/ui-store.ts';
import { listNavigation } from './workspace-keys.ts';
import { WorkspaceOption } from './WorkspaceOption.tsx';
import './workspace.css';

interface Props {
  active: Workspace;
  workspaces: readonly Workspace[];
  switchingTo: string | null;
  onSwitch(workspace: Workspace): void;
}

/** Top-bar button and menu listing every workspace; open with a click or Ctrl+K. */
export function WorkspaceSwitcher({ active, workspaces, switchingTo, onSwitch }: Props) {
  const open = useUiStore((s) => s.switcherOpen);
  const setOpen = useUiStore((s) => s.setSwitcherOpen);
  const setAddingAccount = useUiStore((s) => s.setAddingAccount);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];

  useEffect(() => {
    if (!open) return;
    const activeIndex = workspaces.findIndex((w) => w.workspaceId === active.workspaceId);
    items()[Math.max(0, activeIndex)]?.focus();
    const closeOnOutsideClick = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', closeOnOutsideClick);
    return () => document.removeEventListener('pointerdown', closeOnOutsideClick);
  }, [open, active.workspaceId, workspaces, setOpen]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  const pick = (workspace: Workspace) => {
    close(true);
    if (workspace.workspaceId !== active.workspaceId) onSwitch(workspace);
  };

  const onMenuKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
      return;
    }
    if (event.key === 'Tab') {
      close(false);
      return;
    }
    const all = items();
    const current = all.indexOf(document.activeElement as HTMLElement);
    // Digits pick a workspace; Enter and Space fall through to the focused item's click.
    if (event.key === 'Enter' || event.key === ' ') return;
    const move = listNavigation(event.key, Math.max(0, current), all.length);
    if (!move) return;
    event.preventDefault();
    if (move.choose) {
      const workspace = workspaces[move.index];
      if (workspace) pick(workspace);
    } else all[move.index]?.focus();
  };

  return (
    <div className="switcher">
      <button
        ref={button}
        type="button"
        className="button switcher__button"
        aria-label="Switch workspace"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="workspace-menu"
        aria-keyshortcuts="Control+K"
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">Switch</span>
        <kbd className="kbd" aria-hidden="true">
          Ctrl K
        </kbd>
      </button>
      {open && (
        <div ref={menu} id="workspace-menu" className="switcher__menu" role="menu" aria-label="Workspaces" onKeyDown={onMenuKeyDown}>
          {workspaces.map((workspace, index) => (
            <button
              key={workspace.workspaceId}
              type="button"
              role="menuitem"
              aria-current={workspace.workspaceId === active.workspaceId ? 'true' : undefined}
              aria-keyshortcuts={index < 9 ? `Control+${index + 1}` : undefined}
              className="workspace-option switcher__item"
              tabIndex={-1}
              onClick={() => pick(workspace)}
            >
              <WorkspaceOption
                workspace={workspace}
                position={index + 1}
                shortcutPrefix="Ctrl "
                busy={switchingTo === workspace.workspaceId}
              />
            </button>
          ))}
          <div className="switcher__separator" role="separator" />
          <button
            type="button"
            role="menuitem"
            className="switcher__action"
            tabIndex={-1}
            onClick={() => {
              close(false);
              setAddingAccount(true);
            }}
          >
            Sign in to another account…
          </button>
        </div>
      )}
    </div>
  );
}
