export function App() {
  return (
    <main>
      <h1>Stride</h1>
    </main>
  );
}
