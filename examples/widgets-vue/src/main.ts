import { createDemoCrm, mountApp } from './app.js'

const el = document.getElementById('app')
if (el) mountApp(el, await createDemoCrm())
