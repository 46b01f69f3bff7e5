import { createRoot } from 'react-dom/client'
import { App, createDemoCrm } from './app.js'

const root = document.getElementById('root')
if (root) {
  const demo = await createDemoCrm()
  createRoot(root).render(<App {...demo} />)
}
