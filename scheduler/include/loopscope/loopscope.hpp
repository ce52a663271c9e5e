// Everything of the scheduler core in one include.
#pragma once

#include "loopscope/Co.hpp"
#include "loopscope/Condition.hpp"
#include "loopscope/Event.hpp"
#include "loopscope/Lock.hpp"
#include "loopscope/Loop.hpp"
#include "loopscope/Queue.hpp"
#include "loopscope/Semaphore.hpp"
#include "loopscope/TaskGroup.hpp"
#include "loopscope/Tasks.hpp"
#include "loopscope/Timeout.hpp"
