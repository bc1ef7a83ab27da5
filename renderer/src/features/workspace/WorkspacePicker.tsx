import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Workspace } from '../../../../contract/bridge/session.ts';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { useUiStore } from '../../ui/ui-store.ts';
import { useActivateWorkspace } from '../session/use-session.ts';
import { listNavigation } from './workspace-keys.ts';
import { WorkspaceOption } from './WorkspaceOption.tsx';
import './workspace.css';
import { errorText } from '../../ui/error-text.ts';

interface Props {
  workspaces: readonly Workspace[];
}

const optionId = (workspace: Workspace) => `workspace-option-${workspace.workspaceId}`;

/** Shown after a multi-tenant sign-in: choose which tenant to work in. */
export function WorkspacePicker({ workspaces }: Props) {
  const activate = useActivateWorkspace();
  const setAddingAccount = useUiStore((s) => s.setAddingAccount);
  const [highlighted, setHighlighted] = useState(0);
  const list = useRef<HTMLUListElement>(null);
  const current = Math.min(highlighted, workspaces.length - 1);
  const choosing = activate.isPending ? activate.variables.workspaceId : null;

  useEffect(() => list.current?.focus(), []);

  const choose = (workspace: Workspace | undefined) => {
    if (workspace && !activate.isPending) activate.mutate({ workspaceId: workspace.workspaceId });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const move = listNavigation(event.key, current, workspaces.length);
    if (!move) return;
    event.preventDefault();
    setHighlighted(move.index);
    if (move.choose) choose(workspaces[move.index]);
  };

  const highlightedWorkspace = workspaces[current];
  return (
    <main className="picker">
      <div className="picker__card">
        <h1 className="picker__title">Choose a workspace</h1>
        <p className="picker__subtitle" id="picker-help">
          Use the arrow keys and Enter, or press 1–9. You can switch later with Ctrl+1…9 or Ctrl+K.
        </p>
        {activate.isError && <InlineAlert tone="error">{errorText(activate.error)}</InlineAlert>}
        <ul
          ref={list}
          className="picker__list"
          role="listbox"
          tabIndex={0}
          aria-label="Workspaces"
          aria-describedby="picker-help"
          aria-activedescendant={highlightedWorkspace ? optionId(highlightedWorkspace) : undefined}
          aria-busy={activate.isPending}
          onKeyDown={onKeyDown}
        >
          {workspaces.map((workspace, index) => (
            <li
              key={workspace.workspaceId}
              id={optionId(workspace)}
              role="option"
              aria-selected={index === current}
              className={`workspace-option${index === current ? ' workspace-option--highlighted' : ''}`}
              onClick={() => {
                setHighlighted(index);
                choose(workspace);
              }}
            >
              <WorkspaceOption
                workspace={workspace}
                position={index + 1}
                shortcutPrefix=""
                busy={choosing === workspace.workspaceId}
              />
            </li>
          ))}
        </ul>
        <div className="picker__footer">
          <button type="button" className="button button--ghost" onClick={() => setAddingAccount(true)}>
            Sign in to another account
          </button>
        </div>
      </div>
    </main>
  );
}
