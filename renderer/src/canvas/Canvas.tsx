import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { addLayer, connect, moveNodes } from '../commands/edit';
import { insertBlock } from '../commands/group';
import { BLOCK_INPUT_ID, checkConnection, isBlockKind } from '../model/core';
import { currentViewDoc, useAnalysis } from '../store/analysis';
import { enterScope, select, setDragging, useEditor, type XY } from '../store/editor';
import { usePrefs } from '../store/prefs';
import { toast } from '../store/toasts';
import { useResolvedTheme } from '../app/theme';
import { Breadcrumb } from './Breadcrumb';
import { createEdgeDeriver, createNodeDeriver } from './derive';
import { LayerNode } from './LayerNode';
import { recordDimensions, useMeasured } from './measured';
import { ShapeEdge } from './ShapeEdge';
import type { LayerFlowNode, ShapeFlowEdge } from './types';
import { LIBRARY_BLOCK_MIME, PALETTE_MIME } from './dnd';
import { DEFAULT_NODE_SIZE, GRID, registerFlow, showDocument } from './viewport';

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
  const edges = useMemo(() => deriveEdges(graph.edges, edgeSel), [deriveEdges, graph, edgeSel]);

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
        moveNodes(drag);
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
  useEffect(() => {
    registerFlow(flow, wrapper.current);
    return () => registerFlow(null, null);
  }, [flow]);
  // Opening or leaving a block shows the new graph whole (or from its top when it is tall).
  const scope = useEditor((s) => s.scope);
  useEffect(() => {
    requestAnimationFrame(() => showDocument());
  }, [scope]);

  const onDragOver = useCallback((event: DragEvent) => {
    const types = event.dataTransfer.types;
    if (!types.includes(PALETTE_MIME) && !types.includes(LIBRARY_BLOCK_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(PALETTE_MIME);
      const block = event.dataTransfer.getData(LIBRARY_BLOCK_MIME);
      if (kind === '' && block === '') return;
      event.preventDefault();
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
    <div className="canvas" ref={wrapper} onDragOver={onDragOver} onDrop={onDrop}>
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
        {showMinimap ? <MiniMap pannable zoomable ariaLabel="Minimap" nodeClassName={minimapClass} /> : null}
        <Controls aria-label="Zoom controls" />
      </ReactFlow>
      <Breadcrumb />
      {graph.nodes.length === 0 ? <EmptyHint /> : null}
    </div>
  );
}

function EmptyHint() {
  return (
    <div className="canvas-empty" aria-hidden="true">
      <p>Drag layers here from the palette, or click one to add it.</p>
      <p>Or open a classic network from the gallery (Ctrl+N).</p>
    </div>
  );
}
