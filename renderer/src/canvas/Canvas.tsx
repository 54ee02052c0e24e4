import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  useStoreApi,
  type ReactFlowState,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { addLayer, connect, insertOnWire, moveNodes, moveOntoWire } from '../commands/edit';
import { insertBlock } from '../commands/group';
import { BLOCK_INPUT_ID, checkConnection, isBlockKind } from '../model/core';
import { currentViewDoc, useAnalysis } from '../store/analysis';
import { enterScope, select, setDragging, useEditor, type XY } from '../store/editor';
import { usePrefs } from '../store/prefs';
import { toast } from '../store/toasts';
import { useResolvedTheme } from '../app/theme';
import { boundsOf } from '../layout/geometry';
import { commandTitle, runCommand, shortcutLabel } from '../shortcuts/commands';
import { Breadcrumb } from './Breadcrumb';
import { createEdgeDeriver, createNodeDeriver } from './derive';
import { LayerNode } from './LayerNode';
import { recordDimensions, useMeasured } from './measured';
import { ShapeEdge } from './ShapeEdge';
import type { LayerFlowNode, ShapeFlowEdge } from './types';
import { LIBRARY_BLOCK_MIME, PALETTE_MIME } from './dnd';
import { GRID } from '../layout/geometry';
import { DEFAULT_NODE_SIZE, parkViewport, registerFlow, restoreViewport, showDocument } from './viewport';

// Module scope, as React Flow requires (a new object per render remounts every node).
const nodeTypes = { layer: LayerNode, block: LayerNode };
const edgeTypes = { shape: ShapeEdge };
const SNAP: [number, number] = [GRID, GRID];

function applySelection(current: readonly string[], changes: readonly { id: string; selected: boolean }[]) {
  const set = new Set(current);
  for (const c of changes) {
    if (c.selected) set.add(c.id);
    else set.delete(c.id);
  }
  return [...set];
}

const minimapClass = (node: LayerFlowNode) => `cat-${node.data.category}`;

export function Canvas() {
  const graph = useAnalysis((s) => s.viewDoc);
  const inBlock = useEditor((s) => s.scope.length > 0);
  const { selectedNodes, selectedEdges, dragging } = useEditor(
    useShallow((s) => ({
      selectedNodes: s.selectedNodes,
      selectedEdges: s.selectedEdges,
      dragging: s.dragging,
    })),
  );
  const measured = useMeasured((s) => s.dims);
  const { snapToGrid, showMinimap } = usePrefs(
    useShallow((s) => ({ snapToGrid: s.snapToGrid, showMinimap: s.showMinimap })),
  );
  const theme = useResolvedTheme();
  const [deriveNodes] = useState(createNodeDeriver);
  const [deriveEdges] = useState(createEdgeDeriver);

  const nodeSel = useMemo(() => new Set(selectedNodes), [selectedNodes]);
  const edgeSel = useMemo(() => new Set(selectedEdges), [selectedEdges]);
  const nodes = useMemo(
    () => deriveNodes(graph.nodes, nodeSel, dragging, measured, inBlock, graph.blocks),
    [deriveNodes, graph, nodeSel, dragging, measured, inBlock],
  );
  // The minimap helps only while part of the graph is out of view; a fitted graph has none over it.
  const bounds = useMemo(() => boundsOf(new Map(nodes.map((n) => [n.id, n.position]))), [nodes]);
  const wholeInView = useStore(
    useCallback(
      (s: ReactFlowState) => {
        const [x, y, z] = s.transform;
        if (s.width === 0 || z === 0) return true;
        const left = -x / z;
        const top = -y / z;
        return (
          bounds.x >= left - 1 &&
          bounds.y >= top - 1 &&
          bounds.x + bounds.width <= left + s.width / z + 1 &&
          bounds.y + bounds.height <= top + s.height / z + 1
        );
      },
      [bounds],
    ),
  );
  const positionOf = useMemo(() => {
    const at = new Map(nodes.map((n) => [n.id, n.position]));
    return (id: string) => at.get(id);
  }, [nodes]);
  const edges = useMemo(
    () => deriveEdges(graph.edges, edgeSel, positionOf, DEFAULT_NODE_SIZE),
    [deriveEdges, graph, edgeSel, positionOf],
  );

  const onNodesChange = useCallback((changes: NodeChange<LayerFlowNode>[]) => {
    const selects: { id: string; selected: boolean }[] = [];
    const dims: { id: string; width: number; height: number }[] = [];
    let drag: Map<string, XY> | null = null;
    let dropped = false;
    for (const change of changes) {
      if (change.type === 'select') selects.push(change);
      else if (change.type === 'dimensions' && change.dimensions !== undefined) {
        dims.push({ id: change.id, ...change.dimensions });
      } else if (change.type === 'position') {
        drag ??= new Map(useEditor.getState().dragging ?? []);
        if (change.position !== undefined) drag.set(change.id, change.position);
        if (change.dragging !== true) dropped = true;
      }
    }
    recordDimensions(dims);
    if (selects.length > 0) {
      const s = useEditor.getState();
      select(applySelection(s.selectedNodes, selects), s.selectedEdges);
    }
    if (drag !== null) {
      // While dragging only the overlay moves; the drop writes every position as one undo step.
      if (dropped) {
        const only = drag.size === 1 ? [...drag][0] : undefined;
        const wire = only === undefined ? null : wireUnder(only[0]);
        if (only === undefined || wire === null || !moveOntoWire(only[0], only[1], wire)) moveNodes(drag);
        setDragging(null);
      } else setDragging(drag);
    }
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<ShapeFlowEdge>[]) => {
    const selects = changes.filter((c) => c.type === 'select');
    if (selects.length === 0) return;
    const s = useEditor.getState();
    select(s.selectedNodes, applySelection(s.selectedEdges, selects));
  }, []);

  const isValidConnection = useCallback(
    (c: Connection | ShapeFlowEdge) => checkConnection(currentViewDoc(), c.source, c.target).ok,
    [],
  );
  const onConnect = useCallback((c: Connection) => void connect(c.source, c.target), []);
  const onConnectEnd = useCallback((_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    // Released on a handle that refused the wire: say why, with the core's code.
    if (state.isValid !== false || state.toNode === null || state.fromNode === null) return;
    const fromSource = state.fromHandle?.type !== 'target';
    const [source, target] = fromSource
      ? [state.fromNode.id, state.toNode.id]
      : [state.toNode.id, state.fromNode.id];
    const check = checkConnection(currentViewDoc(), source, target);
    if (!check.ok) toast.error(check.message, check.code);
  }, []);

  const flow = useReactFlow<LayerFlowNode, ShapeFlowEdge>();
  const wrapper = useRef<HTMLDivElement>(null);
  const scope = useEditor((s) => s.scope);
  const scopeKey = scope.join('/');
  useEffect(() => {
    registerFlow(flow, wrapper.current);
    return () => {
      parkViewport(scopeKey);
      registerFlow(null, null);
    };
  }, [flow, scopeKey]);
  // Opening or leaving a block shows the new graph whole; coming back from another view keeps the viewport.
  useEffect(() => {
    requestAnimationFrame(() => {
      if (!restoreViewport(scopeKey)) showDocument();
    });
  }, [scopeKey]);
  useZoomVariable(wrapper);

  // A wire under the pointer while a layer is dragged over the canvas: highlighted, and the drop splices into it.
  const [dropWire, setDropWire] = useState<string | null>(null);
  const onDragOver = useCallback((event: DragEvent) => {
    const types = event.dataTransfer.types;
    if (!types.includes(PALETTE_MIME) && !types.includes(LIBRARY_BLOCK_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDropWire(types.includes(PALETTE_MIME) ? edgeAt(event.clientX, event.clientY) : null);
  }, []);
  const onDragLeave = useCallback(() => setDropWire(null), []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      setDropWire(null);
      const kind = event.dataTransfer.getData(PALETTE_MIME);
      const block = event.dataTransfer.getData(LIBRARY_BLOCK_MIME);
      if (kind === '' && block === '') return;
      event.preventDefault();
      const wire = kind !== '' ? edgeAt(event.clientX, event.clientY) : null;
      if (wire !== null && kind !== '' && insertOnWire(kind, wire)) return;
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const corner = { x: at.x - DEFAULT_NODE_SIZE.width / 2, y: at.y - DEFAULT_NODE_SIZE.height / 2 };
      if (kind !== '') addLayer(kind, corner);
      else insertBlock(block, corner);
    },
    [flow],
  );

  const onNodeDoubleClick = useCallback((_e: React.MouseEvent, node: LayerFlowNode) => {
    if (node.id !== BLOCK_INPUT_ID && isBlockKind(node.data.kind))
      enterScope([...useEditor.getState().scope, node.id]);
  }, []);

  return (
    <div
      className="canvas"
      ref={wrapper}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
      data-drop-wire={dropWire ?? undefined}
    >
      {dropWire !== null ? (
        <style>{`.react-flow__edge[data-id="${CSS.escape(dropWire)}"] path { stroke: var(--accent); stroke-width: 3px; }`}</style>
      ) : null}
      <ReactFlow<LayerFlowNode, ShapeFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDoubleClick={onNodeDoubleClick}
        snapToGrid={snapToGrid}
        snapGrid={SNAP}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        zoomOnDoubleClick={false}
        minZoom={0.05}
        maxZoom={2.5}
        colorMode={theme}
        onlyRenderVisibleElements={nodes.length > 150}
        proOptions={{ hideAttribution: true }}
        aria-label="Network canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={GRID} size={1} />
        {showMinimap && !wholeInView ? (
          <MiniMap pannable zoomable ariaLabel="Minimap" nodeClassName={minimapClass} style={MINIMAP_SIZE} />
        ) : null}
        <Controls aria-label="Zoom controls" showFitView={false} orientation="horizontal">
          <ControlButton
            onClick={() => runCommand('view.fit')}
            title={commandTitle('view.fit')}
            aria-label="Fit to window"
          >
            ⤢
          </ControlButton>
          <ControlButton
            onClick={() => usePrefs.getState().toggleSnap()}
            title="Snap to grid"
            aria-label="Snap to grid"
            aria-pressed={snapToGrid}
            className={snapToGrid ? 'is-on' : undefined}
          >
            #
          </ControlButton>
          <ControlButton
            onClick={() => usePrefs.getState().toggleMinimap()}
            title="Minimap (shown while part of the graph is out of view)"
            aria-label="Minimap"
            aria-pressed={showMinimap}
            className={showMinimap ? 'is-on' : undefined}
          >
            ▣
          </ControlButton>
        </Controls>
      </ReactFlow>
      <Breadcrumb />
      {graph.nodes.length === 0 ? <EmptyHint /> : null}
    </div>
  );
}

const MINIMAP_SIZE = { width: 160, height: 108 };

/** The wire (edge id) under a screen point, if any: React Flow marks each edge's group with data-id. */
function edgeAt(x: number, y: number): string | null {
  for (const el of document.elementsFromPoint(x, y)) {
    const edge = el.closest('.react-flow__edge');
    if (edge !== null) return edge.getAttribute('data-id');
    if (el.classList.contains('react-flow__node')) return null;
  }
  return null;
}

/** The wire under a dragged node's centre (its DOM box), ignoring the node itself. */
function wireUnder(nodeId: string): string | null {
  const el = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(nodeId)}"]`);
  if (el === null) return null;
  const r = el.getBoundingClientRect();
  const previous = el.style.pointerEvents;
  el.style.pointerEvents = 'none';
  try {
    return edgeAt(r.left + r.width / 2, r.top + r.height / 2);
  } finally {
    el.style.pointerEvents = previous;
  }
}

/**
 * The viewport's zoom as the CSS variable `--zoom` on the canvas (quantised to 1 %), written straight to the
 * element: the compact node rendering sizes its text from it without re-rendering any node.
 */
function useZoomVariable(wrapper: React.RefObject<HTMLDivElement | null>): void {
  const store = useStoreApi<LayerFlowNode, ShapeFlowEdge>();
  useEffect(() => {
    let last = -1;
    const apply = (zoom: number) => {
      const q = Math.round(zoom * 100) / 100;
      if (q === last || wrapper.current === null) return;
      last = q;
      wrapper.current.style.setProperty('--zoom', String(q));
    };
    apply(store.getState().transform[2]);
    return store.subscribe((s) => apply(s.transform[2]));
  }, [store, wrapper]);
}

function EmptyHint() {
  return (
    <div className="canvas-empty" aria-hidden="true">
      <p>Drag layers here from the palette, or click one to add it.</p>
      <p>Or open a classic network from the gallery ({shortcutLabel('file.new')}).</p>
    </div>
  );
}
